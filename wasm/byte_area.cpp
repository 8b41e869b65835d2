// The input and output areas of the boundary (see byte_area.hpp), registered once in every module: the Node and
// single-file modules link both binding files beside this one, the browser modules one each.
#include "byte_area.hpp"

#include <emscripten/bind.h>

#include <utility>

namespace {

hfmi_wasm::InputBytes g_input;
const char* g_output = nullptr;

// Room for `size` bytes, which JS then writes with HEAPU8.set (the address is read after this call, since making
// room may grow the memory). JS holds `size` to the named limit of what it sends before asking.
uint32_t inputArea(uint32_t size) {
  g_input.data.reset(new uint8_t[size]);
  g_input.size = size;
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(g_input.data.get()));
}

// Where the last text_out() left its view.
uint32_t outputArea() { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(g_output)); }

}  // namespace

namespace hfmi_wasm {

InputBytes take_input() { return std::exchange(g_input, {}); }

uint32_t text_out(const std::string& kept) {
  g_output = kept.data();
  return static_cast<uint32_t>(kept.size());
}

}  // namespace hfmi_wasm

EMSCRIPTEN_BINDINGS(hfmi_byte_area) {
  emscripten::function("inputArea", &inputArea);
  emscripten::function("outputArea", &outputArea);
}
