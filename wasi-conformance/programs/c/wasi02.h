/*
 * Raw WASI 0.2.12 imports for the conformance programs: what wasi-libc (through the preview1
 * adapter) cannot reach. Each declaration is the Canonical ABI lowering of one WIT function
 * (CanonicalABI.md: flattened parameters; more than one flat result goes through a return
 * area passed as the last parameter). Written by hand from the WIT; `jco new` checks every
 * signature against the world the program is embedded with, so a wrong one fails the build.
 *
 * A declaration alone imports nothing: a program imports only the functions it calls, which is
 * what the coverage table is checked against.
 *
 * Conventions of the wrappers below: a function returning result<_, E> returns OK (-1) or the
 * error-code's case index; handles are int32_t.
 */
#ifndef TRELLIS_WASI02_H
#define TRELLIS_WASI02_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>

#define W_IMPORT(m, n) __attribute__((import_module(m "@0.2.12"), import_name(n)))
#define OK (-1)

typedef int32_t handle;

/* A return area, big and aligned enough for every result here. */
typedef struct { _Alignas(8) uint8_t b[64]; } ret_t;
#define U8(r, o) (*(uint8_t *)((r).b + (o)))
#define U16(r, o) (*(uint16_t *)((r).b + (o)))
#define I32(r, o) (*(int32_t *)((r).b + (o)))
#define U32(r, o) (*(uint32_t *)((r).b + (o)))
#define U64(r, o) (*(uint64_t *)((r).b + (o)))
#define PTR(r, o) ((void *)(uintptr_t)U32(r, o))

/* ---- the realloc the Canonical ABI uses for lists and strings returned to the program ---- */
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *ptr, size_t old, size_t align, size_t size);

/* ================================ wasi:io ================================ */
W_IMPORT("wasi:io/error", "[method]error.to-debug-string") void io_error_to_debug_string_(handle, ret_t *);
W_IMPORT("wasi:io/error", "[resource-drop]error") void io_error_drop(handle);

W_IMPORT("wasi:io/poll", "[method]pollable.ready") int32_t pollable_ready(handle);
W_IMPORT("wasi:io/poll", "[method]pollable.block") void pollable_block(handle);
W_IMPORT("wasi:io/poll", "poll") void io_poll_(const handle *, size_t, ret_t *);
W_IMPORT("wasi:io/poll", "[resource-drop]pollable") void pollable_drop(handle);

W_IMPORT("wasi:io/streams", "[method]input-stream.read") void in_read_(handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]input-stream.blocking-read") void in_blocking_read_(handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]input-stream.skip") void in_skip_(handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]input-stream.blocking-skip") void in_blocking_skip_(handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]input-stream.subscribe") handle in_subscribe(handle);
W_IMPORT("wasi:io/streams", "[resource-drop]input-stream") void in_drop(handle);
W_IMPORT("wasi:io/streams", "[method]output-stream.check-write") void out_check_write_(handle, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.write") void out_write_(handle, const void *, size_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.blocking-write-and-flush") void out_blocking_write_and_flush_(handle, const void *, size_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.flush") void out_flush_(handle, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.blocking-flush") void out_blocking_flush_(handle, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.subscribe") handle out_subscribe(handle);
W_IMPORT("wasi:io/streams", "[method]output-stream.write-zeroes") void out_write_zeroes_(handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush") void out_blocking_write_zeroes_and_flush_(handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.splice") void out_splice_(handle, handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[method]output-stream.blocking-splice") void out_blocking_splice_(handle, handle, int64_t, ret_t *);
W_IMPORT("wasi:io/streams", "[resource-drop]output-stream") void out_drop(handle);

/* ================================ wasi:clocks ================================ */
W_IMPORT("wasi:clocks/monotonic-clock", "now") uint64_t mono_now(void);
W_IMPORT("wasi:clocks/monotonic-clock", "resolution") uint64_t mono_resolution(void);
W_IMPORT("wasi:clocks/monotonic-clock", "subscribe-instant") handle mono_subscribe_instant(uint64_t);
W_IMPORT("wasi:clocks/monotonic-clock", "subscribe-duration") handle mono_subscribe_duration(uint64_t);
W_IMPORT("wasi:clocks/wall-clock", "now") void wall_now_(ret_t *);
W_IMPORT("wasi:clocks/wall-clock", "resolution") void wall_resolution_(ret_t *);
/* @unstable(feature = clocks-timezone) */
W_IMPORT("wasi:clocks/timezone", "display") void tz_display_(uint64_t, uint32_t, ret_t *);
W_IMPORT("wasi:clocks/timezone", "utc-offset") int32_t tz_utc_offset(uint64_t, uint32_t);

/* ================================ wasi:random ================================ */
W_IMPORT("wasi:random/random", "get-random-bytes") void random_bytes_(uint64_t, ret_t *);
W_IMPORT("wasi:random/random", "get-random-u64") uint64_t random_u64(void);
W_IMPORT("wasi:random/insecure", "get-insecure-random-bytes") void insecure_bytes_(uint64_t, ret_t *);
W_IMPORT("wasi:random/insecure", "get-insecure-random-u64") uint64_t insecure_u64(void);
W_IMPORT("wasi:random/insecure-seed", "insecure-seed") void insecure_seed_(ret_t *);

/* ================================ wasi:cli ================================ */
W_IMPORT("wasi:cli/environment", "get-environment") void cli_get_environment_(ret_t *);
W_IMPORT("wasi:cli/environment", "get-arguments") void cli_get_arguments_(ret_t *);
W_IMPORT("wasi:cli/environment", "initial-cwd") void cli_initial_cwd_(ret_t *);
W_IMPORT("wasi:cli/exit", "exit") _Noreturn void cli_exit(int32_t is_err);
W_IMPORT("wasi:cli/exit", "exit-with-code") _Noreturn void cli_exit_with_code(int32_t code);
W_IMPORT("wasi:cli/stdin", "get-stdin") handle cli_get_stdin(void);
W_IMPORT("wasi:cli/stdout", "get-stdout") handle cli_get_stdout(void);
W_IMPORT("wasi:cli/stderr", "get-stderr") handle cli_get_stderr(void);
W_IMPORT("wasi:cli/terminal-stdin", "get-terminal-stdin") void cli_get_terminal_stdin_(ret_t *);
W_IMPORT("wasi:cli/terminal-stdout", "get-terminal-stdout") void cli_get_terminal_stdout_(ret_t *);
W_IMPORT("wasi:cli/terminal-stderr", "get-terminal-stderr") void cli_get_terminal_stderr_(ret_t *);
W_IMPORT("wasi:cli/terminal-input", "[resource-drop]terminal-input") void terminal_input_drop(handle);
W_IMPORT("wasi:cli/terminal-output", "[resource-drop]terminal-output") void terminal_output_drop(handle);

/* ================================ wasi:filesystem ================================ */
/* descriptor-flags */
#define DF_READ 1
#define DF_WRITE 2
#define DF_FILE_INTEGRITY_SYNC 4
#define DF_DATA_INTEGRITY_SYNC 8
#define DF_REQUESTED_WRITE_SYNC 16
#define DF_MUTATE_DIRECTORY 32
/* path-flags */
#define PF_SYMLINK_FOLLOW 1
/* open-flags */
#define OF_CREATE 1
#define OF_DIRECTORY 2
#define OF_EXCLUSIVE 4
#define OF_TRUNCATE 8
/* new-timestamp */
#define TS_NO_CHANGE 0
#define TS_NOW 1
#define TS_TIMESTAMP 2

W_IMPORT("wasi:filesystem/preopens", "get-directories") void fs_get_directories_(ret_t *);
#define FS_M(n) W_IMPORT("wasi:filesystem/types", "[method]descriptor." n)
FS_M("read-via-stream") void fs_read_via_stream_(handle, uint64_t, ret_t *);
FS_M("write-via-stream") void fs_write_via_stream_(handle, uint64_t, ret_t *);
FS_M("append-via-stream") void fs_append_via_stream_(handle, ret_t *);
FS_M("advise") void fs_advise_(handle, uint64_t, uint64_t, int32_t, ret_t *);
FS_M("sync-data") void fs_sync_data_(handle, ret_t *);
FS_M("get-flags") void fs_get_flags_(handle, ret_t *);
FS_M("get-type") void fs_get_type_(handle, ret_t *);
FS_M("set-size") void fs_set_size_(handle, uint64_t, ret_t *);
FS_M("set-times") void fs_set_times_(handle, int32_t, uint64_t, uint32_t, int32_t, uint64_t, uint32_t, ret_t *);
FS_M("read") void fs_read_(handle, uint64_t, uint64_t, ret_t *);
FS_M("write") void fs_write_(handle, const void *, size_t, uint64_t, ret_t *);
FS_M("read-directory") void fs_read_directory_(handle, ret_t *);
FS_M("sync") void fs_sync_(handle, ret_t *);
FS_M("create-directory-at") void fs_create_directory_at_(handle, const char *, size_t, ret_t *);
FS_M("stat") void fs_stat_(handle, ret_t *);
FS_M("stat-at") void fs_stat_at_(handle, int32_t, const char *, size_t, ret_t *);
FS_M("set-times-at") void fs_set_times_at_(handle, int32_t, const char *, size_t, int32_t, uint64_t, uint32_t, int32_t, uint64_t, uint32_t, ret_t *);
FS_M("link-at") void fs_link_at_(handle, int32_t, const char *, size_t, handle, const char *, size_t, ret_t *);
FS_M("open-at") void fs_open_at_(handle, int32_t, const char *, size_t, int32_t, int32_t, ret_t *);
FS_M("readlink-at") void fs_readlink_at_(handle, const char *, size_t, ret_t *);
FS_M("remove-directory-at") void fs_remove_directory_at_(handle, const char *, size_t, ret_t *);
FS_M("rename-at") void fs_rename_at_(handle, const char *, size_t, handle, const char *, size_t, ret_t *);
FS_M("symlink-at") void fs_symlink_at_(handle, const char *, size_t, const char *, size_t, ret_t *);
FS_M("unlink-file-at") void fs_unlink_file_at_(handle, const char *, size_t, ret_t *);
FS_M("is-same-object") int32_t fs_is_same_object(handle, handle);
FS_M("metadata-hash") void fs_metadata_hash_(handle, ret_t *);
FS_M("metadata-hash-at") void fs_metadata_hash_at_(handle, int32_t, const char *, size_t, ret_t *);
W_IMPORT("wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry") void fs_read_directory_entry_(handle, ret_t *);
W_IMPORT("wasi:filesystem/types", "filesystem-error-code") void fs_filesystem_error_code_(handle, ret_t *);
W_IMPORT("wasi:filesystem/types", "[resource-drop]descriptor") void fs_descriptor_drop(handle);
W_IMPORT("wasi:filesystem/types", "[resource-drop]directory-entry-stream") void fs_dir_stream_drop(handle);

/* ================================ wasi:sockets ================================ */
/* ip-socket-address, flattened: case, then 11 slots (ipv4: port, a, b, c, d; ipv6: port,
   flow-info, 8 segments, scope-id). */
typedef struct {
  int32_t v6;
  uint16_t port;
  uint8_t a4[4];
  uint16_t a6[8];
  uint32_t flow, scope;
} sockaddr_t;
#define SA_FLAT(s) (s).v6, (s).port, (s).v6 ? (int32_t)(s).flow : (s).a4[0], (s).v6 ? (s).a6[0] : (s).a4[1], \
    (s).v6 ? (s).a6[1] : (s).a4[2], (s).v6 ? (s).a6[2] : (s).a4[3], (s).v6 ? (s).a6[3] : 0, (s).v6 ? (s).a6[4] : 0, \
    (s).v6 ? (s).a6[5] : 0, (s).v6 ? (s).a6[6] : 0, (s).v6 ? (s).a6[7] : 0, (s).v6 ? (int32_t)(s).scope : 0
#define SA_PARAMS int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t

W_IMPORT("wasi:sockets/instance-network", "instance-network") handle net_instance_network(void);
W_IMPORT("wasi:sockets/network", "[resource-drop]network") void net_network_drop(handle);
/* @unstable(feature = network-error-code) */
W_IMPORT("wasi:sockets/network", "network-error-code") void net_network_error_code_(handle, ret_t *);
W_IMPORT("wasi:sockets/tcp-create-socket", "create-tcp-socket") void tcp_create_(int32_t, ret_t *);
W_IMPORT("wasi:sockets/udp-create-socket", "create-udp-socket") void udp_create_(int32_t, ret_t *);
#define TCP_M(n) W_IMPORT("wasi:sockets/tcp", "[method]tcp-socket." n)
TCP_M("start-bind") void tcp_start_bind_(handle, handle, SA_PARAMS, ret_t *);
TCP_M("finish-bind") void tcp_finish_bind_(handle, ret_t *);
TCP_M("start-connect") void tcp_start_connect_(handle, handle, SA_PARAMS, ret_t *);
TCP_M("finish-connect") void tcp_finish_connect_(handle, ret_t *);
TCP_M("start-listen") void tcp_start_listen_(handle, ret_t *);
TCP_M("finish-listen") void tcp_finish_listen_(handle, ret_t *);
TCP_M("accept") void tcp_accept_(handle, ret_t *);
TCP_M("local-address") void tcp_local_address_(handle, ret_t *);
TCP_M("remote-address") void tcp_remote_address_(handle, ret_t *);
TCP_M("is-listening") int32_t tcp_is_listening(handle);
TCP_M("address-family") int32_t tcp_address_family(handle);
TCP_M("set-listen-backlog-size") void tcp_set_listen_backlog_size_(handle, uint64_t, ret_t *);
TCP_M("keep-alive-enabled") void tcp_keep_alive_enabled_(handle, ret_t *);
TCP_M("set-keep-alive-enabled") void tcp_set_keep_alive_enabled_(handle, int32_t, ret_t *);
TCP_M("keep-alive-idle-time") void tcp_keep_alive_idle_time_(handle, ret_t *);
TCP_M("set-keep-alive-idle-time") void tcp_set_keep_alive_idle_time_(handle, uint64_t, ret_t *);
TCP_M("keep-alive-interval") void tcp_keep_alive_interval_(handle, ret_t *);
TCP_M("set-keep-alive-interval") void tcp_set_keep_alive_interval_(handle, uint64_t, ret_t *);
TCP_M("keep-alive-count") void tcp_keep_alive_count_(handle, ret_t *);
TCP_M("set-keep-alive-count") void tcp_set_keep_alive_count_(handle, uint32_t, ret_t *);
TCP_M("hop-limit") void tcp_hop_limit_(handle, ret_t *);
TCP_M("set-hop-limit") void tcp_set_hop_limit_(handle, int32_t, ret_t *);
TCP_M("receive-buffer-size") void tcp_receive_buffer_size_(handle, ret_t *);
TCP_M("set-receive-buffer-size") void tcp_set_receive_buffer_size_(handle, uint64_t, ret_t *);
TCP_M("send-buffer-size") void tcp_send_buffer_size_(handle, ret_t *);
TCP_M("set-send-buffer-size") void tcp_set_send_buffer_size_(handle, uint64_t, ret_t *);
TCP_M("subscribe") handle tcp_subscribe(handle);
TCP_M("shutdown") void tcp_shutdown_(handle, int32_t, ret_t *);
W_IMPORT("wasi:sockets/tcp", "[resource-drop]tcp-socket") void tcp_drop(handle);

#define UDP_M(n) W_IMPORT("wasi:sockets/udp", "[method]udp-socket." n)
UDP_M("start-bind") void udp_start_bind_(handle, handle, SA_PARAMS, ret_t *);
UDP_M("finish-bind") void udp_finish_bind_(handle, ret_t *);
UDP_M("stream") void udp_stream_(handle, int32_t, SA_PARAMS, ret_t *);
UDP_M("local-address") void udp_local_address_(handle, ret_t *);
UDP_M("remote-address") void udp_remote_address_(handle, ret_t *);
UDP_M("address-family") int32_t udp_address_family(handle);
UDP_M("unicast-hop-limit") void udp_unicast_hop_limit_(handle, ret_t *);
UDP_M("set-unicast-hop-limit") void udp_set_unicast_hop_limit_(handle, int32_t, ret_t *);
UDP_M("receive-buffer-size") void udp_receive_buffer_size_(handle, ret_t *);
UDP_M("set-receive-buffer-size") void udp_set_receive_buffer_size_(handle, uint64_t, ret_t *);
UDP_M("send-buffer-size") void udp_send_buffer_size_(handle, ret_t *);
UDP_M("set-send-buffer-size") void udp_set_send_buffer_size_(handle, uint64_t, ret_t *);
UDP_M("subscribe") handle udp_subscribe(handle);
W_IMPORT("wasi:sockets/udp", "[resource-drop]udp-socket") void udp_drop(handle);
W_IMPORT("wasi:sockets/udp", "[method]incoming-datagram-stream.receive") void udp_receive_(handle, uint64_t, ret_t *);
W_IMPORT("wasi:sockets/udp", "[method]incoming-datagram-stream.subscribe") handle udp_in_subscribe(handle);
W_IMPORT("wasi:sockets/udp", "[resource-drop]incoming-datagram-stream") void udp_in_drop(handle);
W_IMPORT("wasi:sockets/udp", "[method]outgoing-datagram-stream.check-send") void udp_check_send_(handle, ret_t *);
W_IMPORT("wasi:sockets/udp", "[method]outgoing-datagram-stream.send") void udp_send_(handle, const void *, size_t, ret_t *);
W_IMPORT("wasi:sockets/udp", "[method]outgoing-datagram-stream.subscribe") handle udp_out_subscribe(handle);
W_IMPORT("wasi:sockets/udp", "[resource-drop]outgoing-datagram-stream") void udp_out_drop(handle);

W_IMPORT("wasi:sockets/ip-name-lookup", "resolve-addresses") void lookup_resolve_addresses_(handle, const char *, size_t, ret_t *);
W_IMPORT("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.resolve-next-address") void lookup_next_(handle, ret_t *);
W_IMPORT("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.subscribe") handle lookup_subscribe(handle);
W_IMPORT("wasi:sockets/ip-name-lookup", "[resource-drop]resolve-address-stream") void lookup_drop(handle);

/* ================================ wasi:http ================================ */
#define H_M(r, n) W_IMPORT("wasi:http/types", "[method]" r "." n)
W_IMPORT("wasi:http/types", "http-error-code") void http_error_code_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[constructor]fields") handle fields_new(void);
W_IMPORT("wasi:http/types", "[static]fields.from-list") void fields_from_list_(const void *, size_t, ret_t *);
H_M("fields", "get") void fields_get_(handle, const char *, size_t, ret_t *);
H_M("fields", "has") int32_t fields_has(handle, const char *, size_t);
H_M("fields", "set") void fields_set_(handle, const char *, size_t, const void *, size_t, ret_t *);
H_M("fields", "delete") void fields_delete_(handle, const char *, size_t, ret_t *);
H_M("fields", "append") void fields_append_(handle, const char *, size_t, const void *, size_t, ret_t *);
H_M("fields", "entries") void fields_entries_(handle, ret_t *);
H_M("fields", "clone") handle fields_clone(handle);
W_IMPORT("wasi:http/types", "[resource-drop]fields") void fields_drop(handle);

H_M("incoming-request", "method") void inreq_method_(handle, ret_t *);
H_M("incoming-request", "path-with-query") void inreq_path_with_query_(handle, ret_t *);
H_M("incoming-request", "scheme") void inreq_scheme_(handle, ret_t *);
H_M("incoming-request", "authority") void inreq_authority_(handle, ret_t *);
H_M("incoming-request", "headers") handle inreq_headers(handle);
H_M("incoming-request", "consume") void inreq_consume_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[resource-drop]incoming-request") void inreq_drop(handle);

W_IMPORT("wasi:http/types", "[constructor]outgoing-request") handle outreq_new(handle headers);
H_M("outgoing-request", "body") void outreq_body_(handle, ret_t *);
H_M("outgoing-request", "method") void outreq_method_(handle, ret_t *);
H_M("outgoing-request", "set-method") int32_t outreq_set_method_(handle, int32_t, const char *, size_t);
H_M("outgoing-request", "path-with-query") void outreq_path_with_query_(handle, ret_t *);
H_M("outgoing-request", "set-path-with-query") int32_t outreq_set_path_with_query_(handle, int32_t, const char *, size_t);
H_M("outgoing-request", "scheme") void outreq_scheme_(handle, ret_t *);
H_M("outgoing-request", "set-scheme") int32_t outreq_set_scheme_(handle, int32_t, int32_t, const char *, size_t);
H_M("outgoing-request", "authority") void outreq_authority_(handle, ret_t *);
H_M("outgoing-request", "set-authority") int32_t outreq_set_authority_(handle, int32_t, const char *, size_t);
H_M("outgoing-request", "headers") handle outreq_headers(handle);
W_IMPORT("wasi:http/types", "[resource-drop]outgoing-request") void outreq_drop(handle);

W_IMPORT("wasi:http/types", "[constructor]request-options") handle reqopts_new(void);
H_M("request-options", "connect-timeout") void reqopts_connect_timeout_(handle, ret_t *);
H_M("request-options", "set-connect-timeout") int32_t reqopts_set_connect_timeout_(handle, int32_t, uint64_t);
H_M("request-options", "first-byte-timeout") void reqopts_first_byte_timeout_(handle, ret_t *);
H_M("request-options", "set-first-byte-timeout") int32_t reqopts_set_first_byte_timeout_(handle, int32_t, uint64_t);
H_M("request-options", "between-bytes-timeout") void reqopts_between_bytes_timeout_(handle, ret_t *);
H_M("request-options", "set-between-bytes-timeout") int32_t reqopts_set_between_bytes_timeout_(handle, int32_t, uint64_t);
W_IMPORT("wasi:http/types", "[resource-drop]request-options") void reqopts_drop(handle);

/* @unstable(feature = informational-outbound-responses) */
H_M("response-outparam", "send-informational") void outparam_send_informational_(handle, int32_t, handle, ret_t *);
W_IMPORT("wasi:http/types", "[static]response-outparam.set") void outparam_set_(handle, int32_t, int32_t, int32_t, int64_t, int32_t, int32_t, int32_t, int32_t);
W_IMPORT("wasi:http/types", "[resource-drop]response-outparam") void outparam_drop(handle);

H_M("incoming-response", "status") int32_t inresp_status(handle);
H_M("incoming-response", "headers") handle inresp_headers(handle);
H_M("incoming-response", "consume") void inresp_consume_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[resource-drop]incoming-response") void inresp_drop(handle);

H_M("incoming-body", "stream") void inbody_stream_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[static]incoming-body.finish") handle inbody_finish(handle);
W_IMPORT("wasi:http/types", "[resource-drop]incoming-body") void inbody_drop(handle);

H_M("future-trailers", "subscribe") handle ftrailers_subscribe(handle);
H_M("future-trailers", "get") void ftrailers_get_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[resource-drop]future-trailers") void ftrailers_drop(handle);

W_IMPORT("wasi:http/types", "[constructor]outgoing-response") handle outresp_new(handle headers);
H_M("outgoing-response", "status-code") int32_t outresp_status_code(handle);
H_M("outgoing-response", "set-status-code") int32_t outresp_set_status_code_(handle, int32_t);
H_M("outgoing-response", "headers") handle outresp_headers(handle);
H_M("outgoing-response", "body") void outresp_body_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[resource-drop]outgoing-response") void outresp_drop(handle);

H_M("outgoing-body", "write") void outbody_write_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[static]outgoing-body.finish") void outbody_finish_(handle, int32_t, handle, ret_t *);
W_IMPORT("wasi:http/types", "[resource-drop]outgoing-body") void outbody_drop(handle);

H_M("future-incoming-response", "subscribe") handle fresp_subscribe(handle);
H_M("future-incoming-response", "get") void fresp_get_(handle, ret_t *);
W_IMPORT("wasi:http/types", "[resource-drop]future-incoming-response") void fresp_drop(handle);

W_IMPORT("wasi:http/outgoing-handler", "handle") void http_outgoing_handle_(handle, int32_t, handle, ret_t *);

#endif
