// snprintf for integers, characters, strings and pointers only. In the WASM builds it is the program's
// snprintf and siprintf (integer_printf.cpp), so libc's printf_core, its float printer fmt_fp and the
// long-double argument code are not linked: the core prints numbers with core/number_text.hpp and
// core/double_text.hpp, and the only other caller is embind's __getTypeName (sprintf "%p"), which prints an
// integer.
#pragma once
#include <cstdarg>
#include <cstddef>

namespace hfmi {

// vsnprintf for the conversions d i u x X o c s p %, with the flags - 0 + space #, a width and a precision
// (digits or *) and the length modifiers hh h l ll j z t: the same text as C's (%p as musl writes it). Any other conversion
// (floating point, %n, %L...) writes nothing more and returns -1, as C does for an invalid one.
// Returns the length of the whole text; writes at most n - 1 bytes of it and a terminating NUL (n > 0).
int format_integers(char* out, size_t n, const char* fmt, va_list ap);

// "%p" alone, as musl writes it ("0x", unless null, and at least 2 * sizeof(void*) lowercase hex digits), into
// `out` (room for 2 + 16 digits + NUL); returns the length. The WASM builds' siprintf (embind's only sprintf).
int format_pointer(char* out, const void* p);

}  // namespace hfmi
