// The boundary's two byte areas, shared by every module's bindings (wasm/byte_area.cpp registers them once per
// module). Bytes go in through the input area: JS asks inputArea(n) for room, writes the bytes there with one
// HEAPU8.set, and the call that takes them moves them out (take_input). Large texts go out through the output
// area: a call leaves a view of a text it keeps there and returns the length; JS reads that many bytes at
// outputArea() and decodes them at once with TextDecoder, before any other call can move them.
//
// Not embind's own types: embind 3.1.6 copies a std::string parameter, and scans a returned one, byte by byte
// in JS (23 ms for Qwen3-30B-A3B's 2.3 MB of headers), and a Uint8Array as emscripten::val would link embind's
// emval runtime into every module's glue. Numbers, flags and short texts (names, options JSON) stay embind's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hfmi_wasm {

// Bytes JS wrote into the input area. The room is not zeroed first: JS writes every byte of it.
struct InputBytes {
  std::unique_ptr<uint8_t[]> data;
  size_t size = 0;
  std::string_view view() const { return {reinterpret_cast<const char*>(data.get()), size}; }
};

// The bytes JS wrote into the input area since its last inputArea() call, moved out (the area is empty after).
InputBytes take_input();

// Leaves a view of `kept` in the output area and returns its length in bytes. `kept` must outlive the next
// call into the module (JS decodes the view before making one).
uint32_t text_out(const std::string& kept);

}  // namespace hfmi_wasm
