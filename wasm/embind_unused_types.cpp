// Four of embind's built-in type registrations made no-ops, so their JavaScript leaves the glue: std::wstring,
// std::u16string, std::u32string (UTF-16/UTF-32 codecs), int64_t/uint64_t (BigInt conversions), emscripten::val
// (the emval handle table) and memory_view<T> (typed-array views). embind's bind.cpp registers every built-in type
// at startup through these imports; a definition here resolves the import inside the module, so emcc links no JS
// for it and closure drops its helpers.
//
// Nothing crosses the boundary as those types: text is UTF-8 std::string, bytes go through the byte areas
// (wasm/byte_area.hpp), numbers are double, unsigned or bool (wasm/core_bindings.cpp, wasm/targets_bindings.cpp).
// A binding that took or returned one would fail at startup with embind's "unbound type" error, which every test
// that loads the core would show.
#include <cstddef>

extern "C" {
void _embind_register_std_wstring(const void* /*type*/, size_t /*char_size*/, const char* /*name*/) {}
void _embind_register_bigint(const void* /*type*/, const char* /*name*/, size_t /*size*/, long long /*min*/,
                             unsigned long long /*max*/) {}
void _embind_register_emval(const void* /*type*/, const char* /*name*/) {}
void _embind_register_memory_view(const void* /*type*/, unsigned /*typed_array_index*/, const char* /*name*/) {}
}
