// The tool outputs of an analysis: what the downstream tools' files are made from (the add-model folder's
// summary, tensors.csv and module mapping; llm-sizer's catalogue entry; Mantile's config and gap reports; the
// FlashInfer-Bench Definition skeletons). ImportSession::analyze_parts calls this only when its caller asks for
// them, so the browser's safetensors import module, whose bindings never do, carries none of this code.
#include "session/import_session.hpp"

#include "emit/catalog_entry.hpp"
#include "emit/perf_model_config.hpp"
#include "emit/report_files.hpp"
#include "naming/definition_skeleton.hpp"

namespace hfmi {

namespace {

// tensors.csv with each tensor's accounting kind: its component for parameters, else "buffer"/"quant_aux".
std::string tensors_csv_for(const std::vector<TensorInfo>& tensors, const std::vector<TensorAccount>& accounts) {
  size_t i = 0;
  std::string kind;  // reused: the texts are a dozen bytes, so no allocation per tensor
  return tensors_csv(tensors, [&](const TensorInfo&) -> const std::string& {
    const TensorAccount& a = accounts[i++];
    kind.assign(a.kind == "parameter" && !a.component.empty() ? a.component : a.kind);
    return kind;
  });
}

}  // namespace

void emit_tool_outputs(const ToolOutputInputs& in, AnalysisParts& out) {
  Json skeletons = Json::object();
  for (const std::string& name : in.missing_definitions) skeletons[name] = definition_skeleton(name, in.entry_id, in.naming);

  // How far the counts were checked, as Mantile's files record it.
  Json validation_notes = Json::array();
  Json validation_sources = Json::array({"config.json"});
  bool validated = false;
  if (const Reconciliation* rec = in.reconciliation) {
    validation_sources.push_back(std::to_string(in.shards_read) + (in.gguf_tensors ? " GGUF header(s)" : " safetensors header(s)"));
    validated = rec->agree || rec->explained;
    validation_notes.push_back(rec->agree ? "config estimate and header count agree within 1%"
                               : rec->explained ? "config estimate and header count differ for known reasons"
                                                : "config estimate and header count differ: see parameters.reconciliation");
    for (const std::string& reason : rec->reasons) validation_notes.push_back(reason);
  } else {
    validation_notes.push_back("config-only: no safetensors headers were read");
  }
  PerfModelOutput perf = perf_model_config(PerfModelInputs{in.config, in.parameters, in.model_id, in.options.entry_name,
                                                           validated, validation_notes, validation_sources, &in.tensors,
                                                           &in.accounts});

  out.has_tool_outputs = true;
  out.summary_markdown = summary_markdown(SummaryInputs{in.architecture, in.tree, in.issues, in.missing_definitions,
                                                        in.entry_id, in.options.tp, in.options.ep});
  out.module_mapping = module_mapping_json(in.tree);
  out.tensors_csv = tensors_csv_for(in.tensors, in.accounts);
  out.catalog_entry = catalog_entry(CatalogInputs{in.config, in.parameters, in.tensors, in.model_id, in.entry_id,
                                                  in.options.entry_name, in.kv_bytes_per_token});
  out.perf_model_config = std::move(perf.config);
  out.perf_gap_reports = gap_reports_json(perf.gap_reports);
  out.definition_skeletons = std::move(skeletons);
}

}  // namespace hfmi
