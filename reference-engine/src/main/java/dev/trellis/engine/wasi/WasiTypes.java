package dev.trellis.engine.wasi;

import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.wit.Resolve;

/** The resource types of WASI 0.2, from the resolved WIT (one object per WIT resource). */
final class WasiTypes {
  private WasiTypes() {}

  static final ResourceType ERROR = of("wasi:io/error", "error");
  static final ResourceType POLLABLE = of("wasi:io/poll", "pollable");
  static final ResourceType INPUT_STREAM = of("wasi:io/streams", "input-stream");
  static final ResourceType OUTPUT_STREAM = of("wasi:io/streams", "output-stream");
  static final ResourceType TERMINAL_INPUT = of("wasi:cli/terminal-input", "terminal-input");
  static final ResourceType TERMINAL_OUTPUT = of("wasi:cli/terminal-output", "terminal-output");
  static final ResourceType DESCRIPTOR = of("wasi:filesystem/types", "descriptor");
  static final ResourceType DIRECTORY_ENTRY_STREAM = of("wasi:filesystem/types", "directory-entry-stream");
  static final ResourceType NETWORK = of("wasi:sockets/network", "network");
  static final ResourceType TCP_SOCKET = of("wasi:sockets/tcp", "tcp-socket");
  static final ResourceType UDP_SOCKET = of("wasi:sockets/udp", "udp-socket");
  static final ResourceType INCOMING_DATAGRAM_STREAM = of("wasi:sockets/udp", "incoming-datagram-stream");
  static final ResourceType OUTGOING_DATAGRAM_STREAM = of("wasi:sockets/udp", "outgoing-datagram-stream");
  static final ResourceType RESOLVE_ADDRESS_STREAM = of("wasi:sockets/ip-name-lookup", "resolve-address-stream");
  static final ResourceType FIELDS = of("wasi:http/types", "fields");
  static final ResourceType INCOMING_REQUEST = of("wasi:http/types", "incoming-request");
  static final ResourceType OUTGOING_REQUEST = of("wasi:http/types", "outgoing-request");
  static final ResourceType REQUEST_OPTIONS = of("wasi:http/types", "request-options");
  static final ResourceType RESPONSE_OUTPARAM = of("wasi:http/types", "response-outparam");
  static final ResourceType INCOMING_RESPONSE = of("wasi:http/types", "incoming-response");
  static final ResourceType INCOMING_BODY = of("wasi:http/types", "incoming-body");
  static final ResourceType FUTURE_TRAILERS = of("wasi:http/types", "future-trailers");
  static final ResourceType OUTGOING_RESPONSE = of("wasi:http/types", "outgoing-response");
  static final ResourceType OUTGOING_BODY = of("wasi:http/types", "outgoing-body");
  static final ResourceType FUTURE_INCOMING_RESPONSE = of("wasi:http/types", "future-incoming-response");

  private static ResourceType of(String iface, String type) {
    Resolve r = WasiWit.resolve();
    Resolve.Interface i = r.interfaceNamed(WasiWit.iface(iface)).orElseThrow();
    return r.resourceType(i.types().get(type));
  }
}
