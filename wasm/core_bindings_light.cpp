// The browser's light import module (hfmi_core.web.wasm): the bindings of wasm/core_bindings.cpp without
// Session.addGgufHeader, GgufRepo and Session.analyzeToolOutputs, so LTO leaves out the GGUF decoder and analysis and
// the tool outputs' emitters (session/tool_outputs.cpp). A safetensors import loads it; a repo read from GGUF,
// or an analysis asked for its tool outputs, loads hfmi_core_gguf.web.wasm (the same objects with
// wasm/core_bindings.cpp: the full import module).
#define HFMI_WASM_LIGHT 1
#include "core_bindings.cpp"
