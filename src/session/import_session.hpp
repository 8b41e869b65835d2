// One import session: JS feeds it bytes as they arrive (config, index chunks, each shard header)
// and asks for results. Pure: no I/O. Every method returns a value or an Error; nothing throws.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arch/module_tree.hpp"
#include "config/model_config.hpp"
#include "core/error.hpp"
#include "core/name_hash.hpp"
#include "core/lenient_json.hpp"
#include "naming/definitions_catalog.hpp"
#include "naming/naming_options.hpp"
#include "params/reconciliation.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/safetensors_header.hpp"
#include "safetensors/shard_index.hpp"
#include "validate/issue.hpp"

namespace hfmi {

struct AnalyzeOptions {
  std::string model_id;     // "meta-llama/Llama-3.1-8B"
  std::string revision;     // "main" or a sha
  std::string entry_id;     // models.ts id; default: slug of the repo name
  std::string entry_name;   // default: the repo name
  std::string description;  // optional
  int64_t tp = 1;
  int64_t ep = 1;
  std::vector<int64_t> page_sizes{1, 64};  // each paged kernel keeps the sizes the dataset has
  GemmTp gemm_tp = GemmTp::kTp1;           // (added by naming) "gemm_tp": "tp1" | "split"
  bool legacy_names = false;
  int64_t context_length = 0;  // 0 = the model's max_position_embeddings
  static Result<AnalyzeOptions> from_json(const Json& j);
};

// The parts of one analysis, each as its output needs it (js/core/core_types.ts: AnalysisJson, ToolOutputsJson).
// analyze() puts them into one JSON document; analysis_envelope_text() writes the import envelope's text from
// them directly. The tool outputs (has_tool_outputs) are the downstream tools' files: made by emit_tool_outputs
// (session/tool_outputs.cpp) only when the analysis is given it.
struct AnalysisParts {
  bool has_tool_outputs = false;  // catalog_entry, definition_skeletons, module_mapping, perf_*, summary, tensors_csv
  Json architecture;
  Json catalog_entry;
  Json definition_skeletons;  // name -> skeleton
  std::string entry_description;
  std::string entry_id;
  std::string entry_name;
  Json issues;
  std::vector<std::string> missing_definitions;
  Json model_config;          // config.json as read (not in the envelope: no consumer reads it)
  std::string models_ts_entry;
  Json module_mapping;
  Json module_tree;
  Json perf_gap_reports;
  Json perf_model_config;
  Json structure;             // the layer anatomy (not in the envelope: no consumer reads it)
  std::string summary_markdown;
  std::string tensors_csv;    // goes out raw, beside the envelope (megabytes for a large MoE)
};

// What the tool outputs are made from: the analysis's values, alive for the call (references into
// ImportSession::analyze_parts).
struct ToolOutputInputs {
  const ModelConfig& config;
  const Json& parameters;                    // model_architecture.json "parameters"
  const Json& architecture;                  // model_architecture.json
  const std::vector<TensorInfo>& tensors;    // the headers' tensors (empty: config only)
  const std::vector<TensorAccount>& accounts;  // their roles, same order
  const Reconciliation* reconciliation;      // headers vs config (null: config only)
  size_t shards_read;                        // shard headers (or GGUF files) read
  bool gguf_tensors;                         // the tensors came from GGUF tensor infos
  const ModuleTree& tree;
  const Issues& issues;
  const std::vector<std::string>& missing_definitions;
  const std::string& model_id;
  const std::string& entry_id;               // the models.ts id in effect
  const AnalyzeOptions& options;
  const NamingOptions& naming;
  int64_t kv_bytes_per_token;                // KV-cache bytes per token (params/memory.hpp)
};

// Adds the tool outputs to `out` (session/tool_outputs.cpp). An analysis given none (nullptr) leaves them out,
// and a build whose bindings never pass it (the browser's safetensors import module) links none of their code.
using ToolOutputEmitter = void (*)(const ToolOutputInputs& in, AnalysisParts& out);
void emit_tool_outputs(const ToolOutputInputs& in, AnalysisParts& out);

// The analysis envelope an import reads: {"ok":true, ...every part but model_config, structure and
// tensors_csv}, byte for byte what dump_json() of that object writes (keys in a Json object's order).
std::string analysis_envelope_text(const AnalysisParts& parts);

class ImportSession {
 public:
  ImportSession();
  ~ImportSession();

  Result<bool> set_config(std::string_view bytes);
  Result<bool> set_definitions_catalog(std::string_view json_bytes);  // replaces the bundled snapshot

  Result<bool> index_feed(std::string_view chunk);
  Result<ShardIndex> index_finish();

  // bytes = the first 8 + N bytes of the shard file; file_size from Content-Range (0 = unknown).
  Result<size_t> add_header(const std::string& shard_name, std::string_view bytes, uint64_t file_size);

  // A GGUF file (or one part of a split file) used as the model's tensors, as add_header uses a
  // safetensors shard (params/gguf_tensors.hpp): bytes hold at least the whole GGUF header. Give each
  // part of one file once; never mix with safetensors shards of the same model.
  Result<size_t> add_gguf_header(const std::string& file, std::string_view bytes, uint64_t file_size);

  // Everything the outputs need, as one JSON document (see js/core/core_types.ts: AnalysisJson).
  Result<Json> analyze(const AnalyzeOptions& options) const;
  // The same, as parts: model_config and structure only when `with_unread` (the envelope leaves them out), the
  // tool outputs only when given `tool_outputs`.
  Result<AnalysisParts> analyze_parts(const AnalyzeOptions& options, bool with_unread = true,
                                      ToolOutputEmitter tool_outputs = emit_tool_outputs) const;

  size_t tensor_count() const { return tensors_.size(); }
  // The parsed config (null before a successful set_config), so callers need not parse config.json twice.
  const ModelConfig* config() const { return config_ ? &*config_ : nullptr; }

  // set_config() accepted a config that lacks a size the headers may state (config_from_tensors.hpp):
  // the parser's refusal, which analyze() returns if the tensors cannot fill it.
  const std::optional<Error>& deferred_config_error() const { return deferred_error_; }

  // The normalized config alone, as model_architecture.json without parameters (null before set_config).
  Json config_summary() const;

 private:
  std::optional<ModelConfig> config_;
  std::string deferred_config_;         // the bytes of a config waiting for the tensors (see above)
  std::optional<Error> deferred_error_;
  std::vector<TensorInfo> tensors_;
  NameSet tensor_names_;  // every tensor name seen, across shards (slots index tensors_)
  std::vector<std::string> shards_seen_;
  std::unique_ptr<ShardIndexParser> index_parser_;
  std::optional<ShardIndex> index_;  // the last index read: analyze() reconciles with its total_size
  std::optional<DefinitionsCatalog> catalog_;  // set_definitions_catalog's; none = the bundled snapshot
  bool gguf_tensors_ = false;  // the tensors came from GGUF tensor infos: parameters.source is "gguf"
};

}  // namespace hfmi
