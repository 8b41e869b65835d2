// The boundary helpers both browser modules share (wasm/core_bindings.cpp, wasm/targets_bindings.cpp): the JSON
// envelope every entry point returns, {"ok":true,...} or {"ok":false,"error":{code,message,path}}, the guard that
// wraps a Result in it (the core is exception-free), and the file sizes JS passes (the bytes themselves cross
// through wasm/byte_area.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/json_access.hpp"  // dump_json
#include "core/lenient_json.hpp"  // hfmi::Json

namespace {

using hfmi::Error;
using hfmi::Json;

std::string error_envelope(const Error& e) {
  Json err = Json::object({{"code", e.code}, {"message", e.message}});
  if (!e.path.empty()) err["path"] = e.path;
  return hfmi::dump_json(Json::object({{"ok", false}, {"error", std::move(err)}}));
}

std::string ok_envelope(Json body) {
  body["ok"] = true;
  return hfmi::dump_json(body);
}

// Runs `body` (returning Result<Json>) and wraps its value or error in the JSON envelope. The core is built
// with -fno-exceptions: errors are values all the way up, and there is no out-of-memory path to catch,
// because every input is checked against a named limit (header, index, config and catalogue sizes,
// GGUF counts) before anything is allocated for it.
template <class F>
std::string guarded(F&& body) {
  auto result = body();
  if (!result) return error_envelope(result.error());
  return ok_envelope(std::move(result.value()));
}

// A file size from JS (a double): 0 (unknown) unless it is a positive integer-safe number.
uint64_t size_of(double file_size) {
  return file_size > 0 && file_size < 9.007199254740992e15 ? static_cast<uint64_t>(file_size) : 0;
}

}  // namespace
