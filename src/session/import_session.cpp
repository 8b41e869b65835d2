#include "session/import_session.hpp"

#include "session/config_from_tensors.hpp"

#include <algorithm>
#include <set>

#include "arch/module_tree_builder.hpp"
#include "config/config_parser.hpp"
#include "core/json_text.hpp"
#include "core/vector_append.hpp"
#include "emit/accounting_json.hpp"
#include "emit/architecture_json.hpp"
#include "emit/models_ts_entry.hpp"
#include "emit/report_files.hpp"
#include "naming/definition_names.hpp"
#include "naming/definitions_catalog.hpp"
#include "naming/naming_patterns.hpp"
#include "params/config_estimate.hpp"
#include "params/gguf_tensors.hpp"
#include "params/memory.hpp"
#include "params/reconciliation.hpp"
#include "params/tensor_accounting.hpp"
#include "policy/options.hpp"
#include "safetensors/json_path.hpp"
#include "structure/model_structure.hpp"
#include "structure/structure_json.hpp"
#include "validate/module_path.hpp"
#include "validate/module_tree_checks.hpp"

namespace hfmi {

namespace {

Error option_error(const std::string& message, const std::string& path) {
  return make_error(codes::kBadOptions, message, path);
}

Result<int64_t> positive_option(const Json& j, const char* key, int64_t fallback, int64_t max) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > max)
    return option_error(std::string(key) + " must be an integer from 1 to " + std::to_string(max), key);
  return it->get<int64_t>();
}

Result<std::string> string_option(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return option_error(std::string(key) + " must be a string", key);
  return it->get<std::string>();
}

std::string repo_name(const std::string& model_id) {
  const size_t slash = model_id.rfind('/');
  return slash == std::string::npos ? model_id : model_id.substr(slash + 1);
}

// W_NAME_PATTERN for each Definition name no dataset naming pattern matches (string code here: the
// session holds no std::regex; naming/ owns the matcher).
Issues definition_pattern_issues(const ModuleTree& tree) {
  constexpr size_t kMaxPatternCheckedLength = 512;  // as validate/: longer names are reported unmatched
  Issues out;
  for (const Module& m : tree.modules) {
    for (size_t j = 0; j < m.definitions.size(); ++j) {
      const std::string& d = m.definitions[j];
      if (d.size() <= kMaxPatternCheckedLength && matches_known_pattern(d)) continue;
      out.push_back({kSeverityWarning, issue_codes::kNamePattern,
                     module_issue_path(m.name, "definitions[" + std::to_string(j) + "]"),
                     "definition name \"" + d + "\" matches none of the dataset's naming patterns"});
    }
  }
  return out;
}

}  // namespace

Result<AnalyzeOptions> AnalyzeOptions::from_json(const Json& j) {
  if (!j.is_object()) return option_error("options must be a JSON object", "$");
  AnalyzeOptions o;
  for (auto [key, field] : {std::pair<const char*, std::string*>{"model_id", &o.model_id},
                            {"revision", &o.revision},
                            {"entry_id", &o.entry_id},
                            {"entry_name", &o.entry_name},
                            {"description", &o.description}}) {
    auto v = string_option(j, key);
    if (!v) return v.error();
    *field = v.value();
  }
  auto tp = positive_option(j, "tp", 1, option_row(OptionId::kTp).max);
  if (!tp) return tp.error();
  o.tp = tp.value();
  auto ep = positive_option(j, "ep", 1, option_row(OptionId::kEp).max);
  if (!ep) return ep.error();
  o.ep = ep.value();
  auto ctx = positive_option(j, "context_length", 0, int64_t{1} << 40);
  if (!ctx) return ctx.error();
  o.context_length = ctx.value();
  if (j.contains("legacy_names")) {
    if (!j["legacy_names"].is_boolean()) return option_error("legacy_names must be a boolean", "legacy_names");
    o.legacy_names = j["legacy_names"].get<bool>();
  }
  if (j.contains("gemm_tp") && !j["gemm_tp"].is_null()) {  // (added by naming)
    if (!j["gemm_tp"].is_string() || !parse_gemm_tp(j["gemm_tp"].get<std::string>(), &o.gemm_tp))
      return option_error("gemm_tp must be \"tp1\" or \"split\"", "gemm_tp");
  }
  if (j.contains("page_sizes") && !j["page_sizes"].is_null()) {
    const Json& ps = j["page_sizes"];
    if (!ps.is_array() || ps.empty() || ps.size() > 16) return option_error("page_sizes must be a list of 1 to 16 sizes", "page_sizes");
    o.page_sizes.clear();
    for (const Json& p : ps) {
      if (!p.is_number_integer() || p.get<int64_t>() < 1 || p.get<int64_t>() > 1 << 20)
        return option_error("each page size must be a positive integer", "page_sizes");
      o.page_sizes.push_back(p.get<int64_t>());
    }
  }
  return o;
}

ImportSession::ImportSession() = default;
ImportSession::~ImportSession() = default;

Result<bool> ImportSession::set_config(std::string_view bytes) {
  auto parsed = parse_model_config(bytes);
  deferred_error_.reset();
  deferred_config_.clear();
  if (!parsed) {
    // A missing size the headers can state is not a refusal yet: analyze() fills it from the tensors,
    // or returns this error when there are none.
    if (!fillable_config_error(bytes, parsed.error())) return parsed.error();
    config_.reset();
    deferred_config_ = std::string(bytes);
    deferred_error_ = parsed.error();
    return true;
  }
  config_ = std::move(parsed.value());
  return true;
}

Result<bool> ImportSession::set_definitions_catalog(std::string_view json_bytes) {
  auto catalog = load_definitions_catalog(json_bytes);
  if (!catalog) return catalog.error();
  catalog_ = std::move(catalog.value());
  return true;
}

Result<bool> ImportSession::index_feed(std::string_view chunk) {
  if (!index_parser_) index_parser_ = std::make_unique<ShardIndexParser>();
  return index_parser_->feed(chunk);
}

Result<ShardIndex> ImportSession::index_finish() {
  if (!index_parser_) index_parser_ = std::make_unique<ShardIndexParser>();
  auto r = index_parser_->finish();
  index_parser_.reset();
  if (r) index_ = r.value();
  return r;
}

Result<size_t> ImportSession::add_header(const std::string& shard_name, std::string_view bytes, uint64_t file_size) {
  if (std::find(shards_seen_.begin(), shards_seen_.end(), shard_name) != shards_seen_.end())
    return make_error(codes::kBadHeader, "shard " + shard_name + " was given twice", "$");
  auto header = decode_safetensors_header(bytes, file_size, shard_name);
  if (!header) return header.error();
  // A tensor name must be unique across shards too (within one shard the decoder checks).
  std::vector<TensorInfo>& tensors = header.value().tensors;
  const size_t base = tensors_.size();
  tensor_names_.reserve(base + tensors.size());
  const auto seen_before = [&](size_t slot) { return slot < base; };
  for (size_t i = 0; i < tensors.size(); ++i) {
    const std::string& name = tensors[i].name;
    if (!tensor_names_.insert(name, [&](size_t slot) { return seen_before(slot) && tensors_[slot].name == name; }, base + i))
      return make_error(codes::kBadHeader, "tensor " + name + " appears in more than one shard (" + shard_name + ")",
                        json_path_key("$", name));
  }
  shards_seen_.push_back(shard_name);
  for (TensorInfo& t : tensors) tensors_.push_back(std::move(t));
  return tensors.size();
}

Result<size_t> ImportSession::add_gguf_header(const std::string& file, std::string_view bytes, uint64_t file_size) {
  if (std::find(shards_seen_.begin(), shards_seen_.end(), file) != shards_seen_.end())
    return make_error(codes::kBadHeader, "GGUF file " + file + " was given twice", "$");
  auto header = decode_gguf_header(bytes, file_size, file);
  if (!header) return header.error();
  if (!header->complete)
    return make_error(codes::kBadHeader, file + ": the GGUF header was not read to its end (" +
                      std::to_string(header->header_bytes) + "+ bytes needed)", "tensors");
  std::vector<TensorInfo> tensors = gguf_session_tensors(header.value());
  const size_t base = tensors_.size();
  tensor_names_.reserve(base + tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    const std::string& name = tensors[i].name;
    // Two GGUF names may map to one HF name, so this file's own names are checked too.
    const auto same = [&](size_t slot) {
      return slot < base ? tensors_[slot].name == name : slot - base < i && tensors[slot - base].name == name;
    };
    if (!tensor_names_.insert(name, same, base + i))
      return make_error(codes::kBadHeader, "tensor " + name + " (" + header->tensors[i].name + ") appears twice (" + file + ")",
                        json_path_key("$", header->tensors[i].name));
  }
  shards_seen_.push_back(file);
  gguf_tensors_ = true;
  for (TensorInfo& t : tensors) tensors_.push_back(std::move(t));
  return tensors.size();
}

Result<AnalysisParts> ImportSession::analyze_parts(const AnalyzeOptions& options, bool with_unread,
                                                   ToolOutputEmitter tool_outputs) const {
  if (!config_ && !deferred_error_) return make_error(codes::kBadConfig, "no config.json was given before analyze()", "$");
  Issues issues;
  std::optional<FilledConfig> filled;
  if (!config_) {
    auto f = config_filled_from_tensors(deferred_config_, *deferred_error_, tensors_);
    if (!f) return f.error();
    filled = std::move(f.value());
    append(issues, filled->issues);
  }
  // Structure read from the tensors: the config corrected by them (the tensors win, with a warning).
  // Each tensor name's index pattern, taken once for the structure and the accounting.
  const TensorPatterns patterns = tensor_patterns(tensors_);
  const StructureResult structure = apply_tensor_structure(config_ ? *config_ : filled->config, tensors_, &patterns);
  const ModelConfig& config = structure.config;
  append(issues, structure.issues);

  // Parameters: from headers when there are any, else the config-only estimate.
  const ConfigEstimate estimate = estimate_parameters(config);
  Json parameters;
  std::optional<ParamReport> report;
  std::optional<Reconciliation> rec;
  std::vector<TensorAccount> accounts;  // each tensor's role (none without headers)
  if (!tensors_.empty()) {
    report = account_tensors(tensors_, config, accounts, &patterns);
    rec = reconcile(*report, estimate.total, estimate.by_component, config);
    append(issues, rec->issues);
    parameters = header_parameters_json(*report, *rec, estimate, shards_seen_.size());
    if (gguf_tensors_) parameters["source"] = "gguf";  // exact, from the GGUF tensor infos
  } else {
    parameters = config_parameters_json(estimate);
    issues.push_back({"warning", "W_CONFIG_ONLY", "parameters.source",
                      "no safetensors headers: parameters are the config-only estimate"});
  }
  if (index_) {
    const IndexReconciliation ir = reconcile_with_index(*index_, report ? &*report : nullptr, estimate, config);
    append(issues, ir.issues);
    parameters["index"] = index_reconciliation_json(ir);
  }

  // Memory and KV cache.
  const int64_t context = options.context_length > 0 ? options.context_length
                          : config.max_position_embeddings > 0 ? config.max_position_embeddings
                                                               : 4096;
  Json memory = report ? memory_json(memory_report(*report, config)) : Json(nullptr);
  Json kv = kv_cache_json(kv_cache(config, context));

  const std::string model_id = options.model_id.empty() ? config.architecture : options.model_id;
  Json architecture = architecture_json(config, model_id, parameters, memory, kv);

  // Module tree and Definition names.
  ModuleTree tree = build_module_tree(config);
  NamingOptions naming;
  naming.tp = options.tp;
  naming.ep = options.ep;
  naming.page_sizes = options.page_sizes;
  naming.legacy_names = options.legacy_names;
  naming.gemm_tp = options.gemm_tp;
  auto named = assign_definitions(tree, config, naming);
  if (!named) return named.error();

  // Read in place: the given catalog as parsed once by set_definitions_catalog, else the bundled one (a copy of
  // it, or a re-parse of a given one, was hundreds of allocations per analysis).
  const DefinitionsCatalog* catalog = catalog_ ? &*catalog_ : &bundled_definitions_catalog();
  const std::vector<std::string> missing = missing_definitions(tree, *catalog);

  const auto known = [&](const std::string& n) { return catalog->contains(n); };
  const Issues tree_issues = validate_module_tree(tree, config.num_layers, nullptr, known);
  append(issues, tree_issues);
  const Issues pattern_issues = definition_pattern_issues(tree);
  append(issues, pattern_issues);

  // models.ts entry.
  ModelsTsEntry entry;
  entry.id = options.entry_id.empty() ? slugify_model_id(repo_name(model_id)) : options.entry_id;
  entry.name = options.entry_name.empty() ? repo_name(model_id) : options.entry_name;
  entry.description = options.description;
  entry.tree = tree;
  auto entry_text = emit_models_ts_entry(entry);
  if (!entry_text) return entry_text.error();

  // The tool outputs read `architecture` before it moves into the parts (moves, not copies, of the large values).
  AnalysisParts out;
  if (tool_outputs != nullptr) {
    tool_outputs(ToolOutputInputs{config, parameters, architecture, tensors_, accounts, rec ? &*rec : nullptr,
                         shards_seen_.size(), gguf_tensors_, tree, issues, missing, model_id, entry.id, options, naming,
                         kv.value("bytes_per_token", int64_t{0})},
            out);
  }
  if (with_unread) {
    out.model_config = config.raw;
    out.structure = structure_json(structure, !tensors_.empty());
  }
  out.module_tree = module_tree_json(tree);
  out.models_ts_entry = std::move(entry_text.value());
  out.entry_id = entry.id;
  out.entry_name = entry.name;
  out.entry_description = entry.description;
  out.missing_definitions = missing;
  out.issues = issues_json(issues);
  out.architecture = std::move(architecture);
  return out;
}

Result<Json> ImportSession::analyze(const AnalyzeOptions& options) const {
  auto parts = analyze_parts(options);
  if (!parts) return parts.error();
  AnalysisParts& p = parts.value();
  Json result = Json::object();
  result["model_config"] = std::move(p.model_config);
  result["module_tree"] = std::move(p.module_tree);
  result["module_mapping"] = std::move(p.module_mapping);
  result["models_ts_entry"] = std::move(p.models_ts_entry);
  result["entry_id"] = std::move(p.entry_id);
  result["entry_name"] = std::move(p.entry_name);
  result["entry_description"] = std::move(p.entry_description);
  result["tensors_csv"] = std::move(p.tensors_csv);
  result["catalog_entry"] = std::move(p.catalog_entry);
  result["perf_model_config"] = std::move(p.perf_model_config);
  result["perf_gap_reports"] = std::move(p.perf_gap_reports);
  result["missing_definitions"] = std::move(p.missing_definitions);
  result["definition_skeletons"] = std::move(p.definition_skeletons);
  result["structure"] = std::move(p.structure);
  result["issues"] = std::move(p.issues);
  result["architecture"] = std::move(p.architecture);
  result["summary_markdown"] = std::move(p.summary_markdown);
  return result;
}

std::string analysis_envelope_text(const AnalysisParts& p) {
  std::string text;
  text.reserve(64 * 1024);  // a one-file model's envelope is ~50 KB: one allocation instead of a dozen regrowths
  JsonObjectText o(text);
  // a Json object's key order (byte-wise ascending): the text equals dump_json() of the same object.
  o.member("architecture", p.architecture);
  if (p.has_tool_outputs) {
    o.member("catalog_entry", p.catalog_entry);
    o.member("definition_skeletons", p.definition_skeletons);
  }
  o.string_member("entry_description", p.entry_description);
  o.string_member("entry_id", p.entry_id);
  o.string_member("entry_name", p.entry_name);
  o.member("issues", p.issues);
  o.string_array_member("missing_definitions", p.missing_definitions);
  o.string_member("models_ts_entry", p.models_ts_entry);
  if (p.has_tool_outputs) o.member("module_mapping", p.module_mapping);
  o.member("module_tree", p.module_tree);
  o.bool_member("ok", true);
  if (p.has_tool_outputs) {
    o.member("perf_gap_reports", p.perf_gap_reports);
    o.member("perf_model_config", p.perf_model_config);
    o.string_member("summary_markdown", p.summary_markdown);
  }
  o.end();
  return text;
}

Json ImportSession::config_summary() const {
  if (!config_) return nullptr;
  return architecture_json(*config_, config_->architecture, Json::object(), nullptr, nullptr);
}

}  // namespace hfmi
