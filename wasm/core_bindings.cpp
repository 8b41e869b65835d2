// The embind boundary of the import module (hfmi_core.web.wasm, and the Node and single-file builds): the
// session an import feeds and analyses, the GGUF repository, the header size estimate. Every call takes bytes or
// strings and returns a JSON envelope (wasm/envelope.hpp). The file updaters are wasm/targets_bindings.cpp, a
// second browser module an import never downloads.
// Compiled a second time for the browser with HFMI_WASM_NO_GGUF (wasm/core_bindings_no_gguf.cpp): that import module
// registers neither Session.addGgufHeader nor GgufRepo, so LTO drops the GGUF code; a safetensors import loads it,
// a GGUF import the full one (js/core/load_core.browser.ts).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_parser.hpp"
#include "core/json_access.hpp"
#include "core/lenient_json.hpp"
#include "envelope.hpp"
#include "params/gguf_repo.hpp"
#include "params/header_size_estimate.hpp"
#include "session/import_session.hpp"

namespace {

using hfmi::Error;
using hfmi::Json;

class Session {
 public:
  std::string setConfig(std::string bytes) {
    return guarded([&]() -> hfmi::Result<Json> {
      auto r = session_.set_config(bytes);
      if (!r) return r.error();
      return Json::object();
    });
  }
  std::string setDefinitionsCatalog(std::string bytes) {
    return guarded([&]() -> hfmi::Result<Json> {
      auto r = session_.set_definitions_catalog(bytes);
      if (!r) return r.error();
      return Json::object();
    });
  }
  std::string indexFeed(emscripten::val chunk) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(chunk);
      auto r = session_.index_feed(view_of(bytes));
      if (!r) return r.error();
      return Json::object();
    });
  }
  std::string indexFinish() {
    return guarded([&]() -> hfmi::Result<Json> {
      auto r = session_.index_finish();
      if (!r) return r.error();
      Json out = Json::object({{"shards", r.value().shards},
                               {"tensor_count", r.value().tensor_count},
                               {"pytorch_bin", r.value().pytorch_bin}});
      if (r.value().total_size) out["total_size"] = *r.value().total_size;
      return out;
    });
  }
  std::string addHeader(std::string shard, emscripten::val header, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(header);
      auto r = session_.add_header(shard, view_of(bytes), size_of(file_size));
      if (!r) return r.error();
      return Json::object({{"tensors", r.value()}});
    });
  }
  // A GGUF file (or split part) whose tensor infos are the model's tensors (no safetensors shards).
  std::string addGgufHeader(std::string file, emscripten::val header, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(header);
      auto r = session_.add_gguf_header(file, view_of(bytes), size_of(file_size));
      if (!r) return r.error();
      return Json::object({{"tensors", r.value()}});
    });
  }
  // The envelope as a view of analysis_ (see text_out), written as text from the analysis parts
  // (hfmi::analysis_envelope_text) instead of one DOM dumped.
  emscripten::val analyze(std::string options_json) {
    tensors_csv_.clear();
    analysis_ = [&]() -> std::string {
      auto parsed = hfmi::parse_lenient_json(options_json, hfmi::codes::kBadOptions);
      if (!parsed) return error_envelope(parsed.error());
      auto options = hfmi::AnalyzeOptions::from_json(parsed.value());
      if (!options) return error_envelope(options.error());
      auto parts = session_.analyze_parts(options.value(), /*with_unread=*/false);
      if (!parts) return error_envelope(parts.error());
      // tensors.csv (megabytes for a large MoE) goes out raw through tensorsCsv(), not escaped in JSON.
      tensors_csv_ = std::move(parts.value().tensors_csv);
      return hfmi::analysis_envelope_text(parts.value());
    }();
    return text_out(analysis_);
  }
  // The header bytes the session's config (already set) implies: the estimate without a second parse.
  std::string estimateHeaderSize() {
    return guarded([&]() -> hfmi::Result<Json> {
      const hfmi::ModelConfig* config = session_.config();
      if (config == nullptr) return hfmi::make_error(hfmi::codes::kBadOptions, "estimateHeaderSize before setConfig");
      const hfmi::HeaderSizeEstimate e = hfmi::estimate_header_size(*config);
      return Json::object({{"tensors", e.tensors}, {"bytes", e.bytes}});
    });
  }
  // The tensors.csv text of the last analyze(), as a view (see text_out).
  emscripten::val tensorsCsv() { return text_out(tensors_csv_); }

 private:
  hfmi::ImportSession session_;
  std::string analysis_;
  std::string tensors_csv_;
};

// GGUF repositories: addPart(file, prefix bytes, file size) decodes one file's header (or says how many
// bytes it needs: {complete:false, header_bytes, estimated_header_bytes}); analyze(options) gives one row
// per quantization file (split parts grouped). Options: {context_length, gpu_memory_bytes, config_json}.
class GgufRepoBinding {
 public:
  std::string addPart(std::string file, emscripten::val header, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(header);
      return repo_.add_part(file, view_of(bytes), size_of(file_size));
    });
  }
  std::string analyze(std::string options_json) {
    return guarded([&]() -> hfmi::Result<Json> {
      auto parsed = hfmi::parse_lenient_json(options_json, hfmi::codes::kBadOptions);
      if (!parsed) return parsed.error();
      const Json& o = parsed.value();
      if (!o.is_object()) return hfmi::make_error(hfmi::codes::kBadOptions, "GGUF options must be a JSON object");
      hfmi::GgufRepoOptions options;
      options.context_length = hfmi::json_int(o, "context_length", options.context_length);
      if (o.contains("gpu_memory_bytes") && o["gpu_memory_bytes"].is_number()) {
        // A double outside int64 has no conversion (undefined behaviour): the same bound as JS's parseByteSize.
        const double bytes = o["gpu_memory_bytes"].get<double>();
        if (!(bytes > 0 && bytes <= 9.007199254740992e15))
          return hfmi::make_error(hfmi::codes::kBadOptions, "gpu_memory_bytes must be a number of bytes in 1..2^53",
                                  "gpu_memory_bytes");
        options.gpu_memory_bytes = static_cast<int64_t>(bytes);
      }
      options.config_json = hfmi::json_string(o, "config_json", options.config_json);
      return repo_.analyze(options);
    });
  }

 private:
  hfmi::GgufRepo repo_;
};

std::string version() { return "0.1.0"; }

std::string estimateHeaderSize(std::string config_bytes) {
  return guarded([&]() -> hfmi::Result<Json> {
    auto config = hfmi::parse_model_config(config_bytes);
    if (!config) return config.error();
    const hfmi::HeaderSizeEstimate e = hfmi::estimate_header_size(config.value());
    return Json::object({{"tensors", e.tensors}, {"bytes", e.bytes}});
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(hfmi_core) {
  emscripten::class_<Session>("Session")
      .constructor<>()
      .function("setConfig", &Session::setConfig)
      .function("setDefinitionsCatalog", &Session::setDefinitionsCatalog)
      .function("indexFeed", &Session::indexFeed)
      .function("indexFinish", &Session::indexFinish)
      .function("addHeader", &Session::addHeader)
#ifndef HFMI_WASM_NO_GGUF
      .function("addGgufHeader", &Session::addGgufHeader)
#endif
      .function("analyze", &Session::analyze)
      .function("tensorsCsv", &Session::tensorsCsv)
      .function("estimateHeaderSize", &Session::estimateHeaderSize);
#ifndef HFMI_WASM_NO_GGUF
  emscripten::class_<GgufRepoBinding>("GgufRepo")
      .constructor<>()
      .function("addPart", &GgufRepoBinding::addPart)
      .function("analyze", &GgufRepoBinding::analyze);
#endif
  emscripten::function("version", &version);
  emscripten::function("estimateHeaderSize", &estimateHeaderSize);
}
