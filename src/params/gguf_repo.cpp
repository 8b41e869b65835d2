#include "params/gguf_repo.hpp"

#include <algorithm>
#include <map>

#include "params/gguf_analysis.hpp"

namespace hfmi {

GgufSplitName gguf_split_name(std::string_view file) {
  GgufSplitName s;
  s.group = std::string(file);
  // "-NNNNN-of-MMMMM.gguf" is 20 characters.
  constexpr std::string_view kExt = ".gguf";
  if (file.size() < 20 + 1 || file.substr(file.size() - kExt.size()) != kExt) return s;
  const std::string_view tail = file.substr(file.size() - 20);
  auto digits = [](std::string_view d) {
    int64_t v = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return int64_t{-1};
      v = v * 10 + (c - '0');
    }
    return v;
  };
  if (tail[0] != '-' || tail.substr(6, 4) != "-of-") return s;
  const int64_t part = digits(tail.substr(1, 5)), count = digits(tail.substr(10, 5));
  if (part < 1 || count < 1 || part > count) return s;
  s.group = std::string(file.substr(0, file.size() - 20));
  s.part = part;
  s.count = count;
  s.split = true;
  return s;
}

Result<Json> GgufRepo::add_part(const std::string& file, std::string_view bytes, uint64_t file_size) {
  auto h = decode_gguf_header(bytes, file_size, file);
  if (!h) return h.error();
  Json out = Json::object({{"file", file},
                           {"complete", h->complete},
                           {"header_bytes", h->header_bytes},
                           {"estimated_header_bytes", h->estimated_header_bytes},
                           {"tensor_count", h->tensor_count},
                           {"kv_count", h->kv_count},
                           {"version", h->version}});
  if (h->complete) {
    // What a client needs to read another quantization of the same repo with fewer bytes (js/hub/
    // gguf_fetch_plan.ts): where the tensor infos start, the long arrays it may take from this file, and
    // the data extent it checks against the file size.
    uint64_t infos = 0;
    for (const auto& t : h->tensors) infos += 8 + t.name.size() + 4 + 8 * t.dims.size() + 4 + 8;
    const uint64_t metadata_end = h->header_bytes - infos;
    Json long_arrays = Json::array();
    for (size_t i = 0; i < h->metadata.size(); ++i) {
      const GgufKv& kv = h->metadata[i];
      if (!kv.skipped) continue;
      const uint64_t end = i + 1 < h->metadata.size() ? h->metadata[i + 1].offset : metadata_end;
      long_arrays.push_back(
          Json::object({{"key", kv.key}, {"offset", kv.offset}, {"end", end}, {"length", kv.array_length}}));
    }
    out["metadata_end"] = metadata_end;
    out["long_arrays"] = std::move(long_arrays);
    out["data_start"] = h->data_start;
    out["data_bytes"] = h->data_bytes;
    headers_.erase(std::remove_if(headers_.begin(), headers_.end(), [&](const GgufHeader& x) { return x.file == file; }),
                   headers_.end());
    headers_.push_back(std::move(h.value()));
  }
  return out;
}

Result<Json> GgufRepo::analyze(const GgufRepoOptions& options) const {
  // Group split parts; a group is analysed only when every part is there.
  std::map<std::string, std::vector<std::pair<int64_t, const GgufHeader*>>> groups;
  std::map<std::string, int64_t> counts;
  for (const auto& h : headers_) {
    const auto s = gguf_split_name(h.file);
    groups[s.group].push_back({s.part, &h});
    counts[s.group] = s.count;
  }
  Json rows = Json::array();
  Json notes = Json::array();
  Json architecture;
  int64_t best_params = -1;
  for (auto& [group, parts] : groups) {
    std::sort(parts.begin(), parts.end());
    if (static_cast<int64_t>(parts.size()) != counts[group]) {
      notes.push_back(group + ": " + std::to_string(parts.size()) + " of " + std::to_string(counts[group]) +
                      " parts were read; the file is left out");
      continue;
    }
    std::vector<const GgufHeader*> ptrs;
    for (const auto& p : parts) ptrs.push_back(p.second);
    auto a = analyze_gguf(ptrs, options.config_json, options.context_length);
    if (!a) return a.error();
    Json row = gguf_file_json(a->account);
    const int64_t kv_bytes = a->kv.total_bytes;
    const int64_t memory = a->account.tensor_bytes + kv_bytes;
    row["context_length"] = a->kv.context_length;
    row["kv_cache_bytes_per_token"] = a->kv.bytes_per_token;
    row["kv_cache_bytes"] = kv_bytes;
    row["memory_bytes"] = memory;
    if (options.gpu_memory_bytes > 0) row["fits_gpu"] = memory <= options.gpu_memory_bytes;
    rows.push_back(std::move(row));
    if (a->account.parameters > best_params) {
      best_params = a->account.parameters;
      // The lead file (its parts, in order): the session takes its tensor infos as the model's tensors.
      Json files = Json::array();
      for (const GgufHeader* p : ptrs) files.push_back(p->file);
      architecture = Json::object({{"gguf_architecture", a->dialect.gguf_architecture},
                                   {"files", std::move(files)},
                                   {"model_type", a->config.model_type},
                                   {"config", a->dialect.config},
                                   {"parameters", a->account.params.total},
                                   {"active_parameters", a->account.params.active},
                                   {"by_component", a->account.params.by_component},
                                   {"kv_cache_bytes_per_token", a->kv.bytes_per_token},
                                   {"notes", a->dialect.notes},
                                   {"reconciliation", a->reconciliation}});
    }
  }
  std::sort(rows.begin(), rows.end(), [](const Json& x, const Json& y) {
    return x["tensor_bytes"].get<int64_t>() < y["tensor_bytes"].get<int64_t>();
  });
  return Json::object({{"gguf", rows}, {"architecture", architecture}, {"notes", notes}});
}

}  // namespace hfmi
