// wasi:filesystem — files, directories, links and metadata inside the read-write preopen
// /sandbox, the read-only preopen /ro, and attempts to get out of them.
//   fs                files, directories, links and escape attempts (expects /sandbox empty,
//                     and ../outside/secret.txt beside it on the host)
//   fs readonly       every change tried in /ro fails (expects /ro/hello.txt, /ro/sub/)
//   fs open PATH      tries to read PATH and prints what happened
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static const char *ename(int e) {
  switch (e) {
    case 0: return "ok";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EROFS: return "EROFS";
    case EBADF: return "EBADF";
    case ELOOP: return "ELOOP";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case EXDEV: return "EXDEV";
    case ENOTSUP: return "ENOTSUP";
    default: return "E?";
  }
}

#define TRY(what, expr) do { errno = 0; long r_ = (long)(expr); printf("%-44s %s\n", what, r_ < 0 ? ename(errno) : "ok"); } while (0)

static const char *tname(unsigned char t) {
  switch (t) {
    case DT_REG: return "file";
    case DT_DIR: return "dir";
    case DT_LNK: return "symlink";
    default: return "other";
  }
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    printf("opendir %s: %s\n", dir, ename(errno));
    return;
  }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char *s = malloc(300);
    snprintf(s, 300, "%s (%s)", e->d_name, tname(e->d_type));
    names[n++] = s;
  }
  closedir(d);
  qsort(names, n, sizeof(char *), cmp);
  printf("ls %s:", dir);
  for (int i = 0; i < n; i++) printf(" %s", names[i]);
  printf("\n");
}

static void cat(const char *path) {
  errno = 0;
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("read %-39s %s\n", path, ename(errno));
    return;
  }
  char buf[256];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  buf[n < 0 ? 0 : n] = 0;
  for (char *c = buf; *c; c++) if (*c == '\n') *c = '|';
  printf("read %-39s \"%s\"\n", path, buf);
  close(fd);
}

static int readonly(void);

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "open")) {
    cat(argv[2]);
    return 0;
  }
  if (argc == 2 && !strcmp(argv[1], "readonly")) return readonly();
  // files
  int fd = open("/sandbox/a.txt", O_CREAT | O_WRONLY | O_EXCL, 0644);
  printf("create a.txt: %s\n", fd >= 0 ? "ok" : ename(errno));
  printf("write: %zd\n", write(fd, "some text\n", 10));
  close(fd);
  TRY("create a.txt again, exclusively", open("/sandbox/a.txt", O_CREAT | O_WRONLY | O_EXCL, 0644));
  cat("/sandbox/a.txt");
  fd = open("/sandbox/a.txt", O_RDWR);
  printf("pwrite at 5: %zd\n", pwrite(fd, "TEXT", 4, 5));
  char buf[32] = {0};
  printf("pread 4 at 0: %zd \"%.4s\"\n", pread(fd, buf, 4, 0), buf);
  printf("lseek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
  TRY("ftruncate to 4", ftruncate(fd, 4));
  struct stat st;
  fstat(fd, &st);
  printf("fstat: size %lld, regular %d, links %d\n", (long long)st.st_size, S_ISREG(st.st_mode), (int)st.st_nlink);
  TRY("fsync", fsync(fd));
  TRY("fdatasync", fdatasync(fd));
  close(fd);
  fd = open("/sandbox/a.txt", O_WRONLY | O_APPEND);
  printf("append: %zd\n", write(fd, "+more\n", 6));
  close(fd);
  cat("/sandbox/a.txt");
  TRY("open a.txt as a directory", open("/sandbox/a.txt", O_RDONLY | O_DIRECTORY));
  TRY("open a missing file", open("/sandbox/missing", O_RDONLY));
  // directories
  TRY("mkdir dir", mkdir("/sandbox/dir", 0755));
  TRY("mkdir dir again", mkdir("/sandbox/dir", 0755));
  TRY("mkdir dir/sub", mkdir("/sandbox/dir/sub", 0755));
  TRY("rename a.txt -> dir/c.txt", rename("/sandbox/a.txt", "/sandbox/dir/c.txt"));
  TRY("symlink c.txt <- dir/link", symlink("c.txt", "/sandbox/dir/link"));
  TRY("link dir/c.txt <- dir/hard", link("/sandbox/dir/c.txt", "/sandbox/dir/hard"));
  stat("/sandbox/dir/hard", &st);
  printf("stat hard: links %d, size %lld\n", (int)st.st_nlink, (long long)st.st_size);
  TRY("lstat link", lstat("/sandbox/dir/link", &st));
  printf("lstat link is a symlink: %d\n", S_ISLNK(st.st_mode));
  char target[64] = {0};
  printf("readlink dir/link: %zd \"%s\"\n", readlink("/sandbox/dir/link", target, sizeof target - 1), target);
  cat("/sandbox/dir/link");
  cat("/sandbox/dir/sub/../c.txt");
  list("/sandbox/dir");
  struct timeval tv[2] = {{1000000000, 0}, {1234567890, 0}};
  TRY("utimes dir/c.txt", utimes("/sandbox/dir/c.txt", tv));
  stat("/sandbox/dir/c.txt", &st);
  printf("mtime: %lld\n", (long long)st.st_mtim.tv_sec);
  TRY("rmdir dir (not empty)", rmdir("/sandbox/dir"));
  TRY("unlink dir (a directory)", unlink("/sandbox/dir"));
  TRY("rmdir dir/c.txt (a file)", rmdir("/sandbox/dir/c.txt"));
  TRY("unlink dir/hard", unlink("/sandbox/dir/hard"));
  TRY("unlink dir/link", unlink("/sandbox/dir/link"));
  TRY("rmdir dir/sub", rmdir("/sandbox/dir/sub"));
  list("/sandbox/dir");
  // getting out
  cat("/sandbox/../outside/secret.txt");
  cat("/sandbox/dir/../../outside/secret.txt");
  TRY("symlink ../../outside <- dir/out", symlink("../../outside", "/sandbox/dir/out"));
  cat("/sandbox/dir/out/secret.txt");
  TRY("symlink /etc/passwd <- dir/abs", symlink("/etc/passwd", "/sandbox/dir/abs"));
  TRY("symlink loop <- dir/loop", symlink("loop", "/sandbox/dir/loop"));
  cat("/sandbox/dir/loop");
  TRY("mkdir ../escape", mkdir("/sandbox/../escape", 0755));
  TRY("rename dir/c.txt -> ../stolen", rename("/sandbox/dir/c.txt", "/sandbox/../stolen"));
  cat("/etc/passwd");
  return 0;
}

static int readonly(void) {
  cat("/ro/hello.txt");
  list("/ro");
  TRY("ro: create new.txt", open("/ro/new.txt", O_CREAT | O_WRONLY, 0644));
  TRY("ro: open hello.txt for writing", open("/ro/hello.txt", O_WRONLY));
  TRY("ro: truncate hello.txt", open("/ro/hello.txt", O_RDONLY | O_TRUNC));
  TRY("ro: mkdir x", mkdir("/ro/x", 0755));
  TRY("ro: unlink hello.txt", unlink("/ro/hello.txt"));
  TRY("ro: rmdir sub", rmdir("/ro/sub"));
  TRY("ro: rename hello.txt -> h2", rename("/ro/hello.txt", "/ro/h2"));
  TRY("ro: symlink", symlink("hello.txt", "/ro/l"));
  TRY("ro: link", link("/ro/hello.txt", "/ro/l"));
  TRY("ro: rename into sandbox", rename("/ro/hello.txt", "/sandbox/stolen"));
  cat("/ro/hello.txt");
  return 0;
}
