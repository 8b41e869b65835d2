// The browser's GGUF-free import module (hfmi_core.web.wasm): the bindings of wasm/core_bindings.cpp without
// Session.addGgufHeader and GgufRepo, so LTO leaves out the GGUF decoder and analysis. A repo read from GGUF loads
// hfmi_core_gguf.web.wasm instead (the same objects with wasm/core_bindings.cpp).
#define HFMI_WASM_NO_GGUF 1
#include "core_bindings.cpp"
