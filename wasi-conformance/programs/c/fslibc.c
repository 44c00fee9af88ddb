/* Files and directories through wasi-libc alone, as a C program ordinarily does it: the
   preview1 adapter turns each call into wasi:filesystem. Built as a wasip1 core module too,
   which is how wasi-testsuite ships its C tests. */
#include "common.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir = "fs-tests.dir";

static const char *path(const char *name) {
  static char b[4][256];
  static int k;
  char *p = b[k++ & 3];
  snprintf(p, 256, "%s/%s", dir, name);
  return p;
}

static const char *err_name(int e) {
  switch (e) {
    case 0: return "ok";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case EINVAL: return "EINVAL";
    case EROFS: return "EROFS";
    default: return "other";
  }
}
#define TRY(what, call) say("%s: %s", what, (call) == 0 ? "ok" : err_name(errno))

static void c_file(int argc, char **argv) {
  FILE *f = fopen(path("f.cleanup"), "w+");
  say("fopen w+: %s", f ? "ok" : err_name(errno));
  say("fprintf: %d", fprintf(f, "line %d\nline %d\n", 1, 2));
  say("ftell: %ld", ftell(f));
  say("fseek 0: %d", fseek(f, 0, SEEK_SET));
  char line[64];
  while (fgets(line, sizeof line, f)) {
    printf("read: %s", line);
  }
  say("feof: %d", feof(f) != 0);
  say("fclose: %d", fclose(f));
  f = fopen(path("f.cleanup"), "a");
  fputs("line 3\n", f);
  fclose(f);
  f = fopen(path("f.cleanup"), "r");
  size_t n = fread(line, 1, sizeof line - 1, f);
  line[n] = 0;
  say("after append, %zu bytes, last line: %s", n, strrchr(line, 'l') ? "line 3" : "?");
  fclose(f);
  say("fopen missing: %s", fopen(path("missing.txt"), "r") ? "opened" : err_name(errno));
}

static void c_dir(int argc, char **argv) {
  TRY("mkdir d", mkdir(path("d.cleanup"), 0755));
  TRY("mkdir d again", mkdir(path("d.cleanup"), 0755));
  FILE *f = fopen(path("d.cleanup/a"), "w");
  fclose(f);
  f = fopen(path("d.cleanup/b"), "w");
  fclose(f);
  TRY("mkdir d/c", mkdir(path("d.cleanup/c"), 0755));
  DIR *d = opendir(path("d.cleanup"));
  say("opendir: %s", d ? "ok" : err_name(errno));
  char *names[8];
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) && n < 8) {
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
      names[n++] = strdup(e->d_name);
    }
  }
  closedir(d);
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      if (strcmp(names[i], names[j]) > 0) {
        char *t = names[i];
        names[i] = names[j];
        names[j] = t;
      }
    }
  }
  printf("entries:");
  for (int i = 0; i < n; i++) {
    printf(" %s", names[i]);
  }
  printf("\n");
  TRY("rmdir d (not empty)", rmdir(path("d.cleanup")));
  TRY("rmdir d/c", rmdir(path("d.cleanup/c")));
  TRY("unlink d/a", unlink(path("d.cleanup/a")));
  TRY("unlink d/b", unlink(path("d.cleanup/b")));
  TRY("rmdir d", rmdir(path("d.cleanup")));
  say("opendir missing: %s", opendir(path("nowhere")) ? "opened" : err_name(errno));
}

static void c_stat(int argc, char **argv) {
  struct stat st;
  TRY("stat hello.txt", stat(path("hello.txt"), &st));
  say("size %lld, regular %d", (long long)st.st_size, S_ISREG(st.st_mode));
  TRY("stat the directory", stat(dir, &st));
  say("directory %d", S_ISDIR(st.st_mode));
  TRY("symlink", symlink("hello.txt", path("l.cleanup")));
  TRY("lstat the link", lstat(path("l.cleanup"), &st));
  say("link %d", S_ISLNK(st.st_mode));
  TRY("stat through the link", stat(path("l.cleanup"), &st));
  say("regular %d", S_ISREG(st.st_mode));
  char buf[64];
  ssize_t k = readlink(path("l.cleanup"), buf, sizeof buf - 1);
  say("readlink: %.*s", (int)(k > 0 ? k : 0), buf);
  int fd = open(path("hello.txt"), O_RDONLY);
  TRY("fstat", fstat(fd, &st));
  say("fstat size %lld", (long long)st.st_size);
  close(fd);
  TRY("stat missing", stat(path("missing"), &st));
}

static void c_rename(int argc, char **argv) {
  FILE *f = fopen(path("a.cleanup"), "w");
  fputs("A", f);
  fclose(f);
  TRY("rename a -> b", rename(path("a.cleanup"), path("b.cleanup")));
  TRY("access a", access(path("a.cleanup"), F_OK));
  TRY("access b", access(path("b.cleanup"), F_OK));
  TRY("link b -> c", link(path("b.cleanup"), path("c.cleanup")));
  TRY("unlink b", unlink(path("b.cleanup")));
  f = fopen(path("c.cleanup"), "r");
  say("c still reads: %c", f ? fgetc(f) : '?');
  if (f) {
    fclose(f);
  }
  TRY("unlink c", unlink(path("c.cleanup")));
  TRY("unlink missing", unlink(path("c.cleanup")));
  TRY("rename missing", rename(path("c.cleanup"), path("d.cleanup")));
}

static void c_fd(int argc, char **argv) {
  int fd = open(path("fd.cleanup"), O_RDWR | O_CREAT | O_TRUNC, 0644);
  say("open: %s", fd >= 0 ? "ok" : err_name(errno));
  say("write: %zd", write(fd, "0123456789", 10));
  say("lseek end: %lld", (long long)lseek(fd, 0, SEEK_END));
  say("lseek set 4: %lld", (long long)lseek(fd, 4, SEEK_SET));
  char b[16] = {0};
  say("read 3: %zd \"%.3s\"", read(fd, b, 3), b);
  say("pread 2 at 8: %zd \"%.2s\"", pread(fd, b, 2, 8), b);
  say("pwrite \"XY\" at 0: %zd", pwrite(fd, "XY", 2, 0));
  say("lseek cur: %lld", (long long)lseek(fd, 0, SEEK_CUR));
  TRY("ftruncate 5", ftruncate(fd, 5));
  say("lseek end after truncate: %lld", (long long)lseek(fd, 0, SEEK_END));
  TRY("fsync", fsync(fd));
  TRY("close", close(fd));
  say("read on a closed fd: %s", read(fd, b, 1) < 0 ? err_name(errno) : "read");
  fd = open(path("fd.cleanup"), O_WRONLY | O_APPEND);
  write(fd, "!", 1);
  close(fd);
  fd = open(path("fd.cleanup"), O_RDONLY);
  ssize_t n = read(fd, b, sizeof b);
  say("contents: \"%.*s\"", (int)n, b);
  say("write on O_RDONLY: %s", write(fd, "x", 1) < 0 ? err_name(errno) : "wrote");
  close(fd);
  say("open O_CREAT|O_EXCL existing: %s", open(path("fd.cleanup"), O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 ? err_name(errno) : "opened");
  say("open a directory O_WRONLY: %s", open(dir, O_WRONLY) < 0 ? err_name(errno) : "opened");
}

static const case_t CASES[] = {
    {"file", c_file},
    {"dir", c_dir},
    {"stat", c_stat},
    {"rename", c_rename},
    {"fd", c_fd},
    {0},
};

int main(int argc, char **argv) {
  return dispatch(CASES, argc, argv);
}
