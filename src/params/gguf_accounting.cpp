#include "params/gguf_accounting.hpp"

#include <algorithm>

#include "gguf/gguf_file_type.hpp"
#include "params/gguf_tensors.hpp"

namespace hfmi {

Result<GgufFileAccount> account_gguf(const std::vector<const GgufHeader*>& parts, const ModelConfig& config) {
  GgufFileAccount a;
  if (parts.empty()) return make_error(codes::kInternal, "account_gguf: no parts");
  a.file = parts.front()->file;
  a.parts = static_cast<int64_t>(parts.size());
  std::vector<const GgufTensorInfo*> infos;
  for (const GgufHeader* h : parts) {
    if (!h->complete) {
      return make_error(codes::kBadHeader, h->file + ": the header was not read to its end", "tensors");
    }
    a.file_bytes += static_cast<int64_t>(h->tensors.empty() ? h->header_bytes : h->data_start + h->data_bytes);
    for (const auto& t : h->tensors) infos.push_back(&t);
  }
  a.tensors = gguf_session_tensors(parts);
  if (const GgufKv* ft = parts.front()->find("general.file_type"); ft != nullptr && ft->value.is_number_integer()) {
    a.file_type = ft->value.get<int64_t>();
    a.file_type_name = gguf_file_type_name(a.file_type);
  }
  // Every GGUF tensor is a parameter counted 1:1 (ggml blocks carry their scales inside): only the
  // component and the layer come from the shared rules.
  std::vector<TensorAccount> accounts = classify_tensors(a.tensors, config);
  for (size_t i = 0; i < accounts.size(); ++i) {
    TensorAccount& acc = accounts[i];
    const GgufTensorInfo& t = *infos[i];
    GgufTypeShare& s = a.by_type[t.type->name];
    ++s.tensors;
    s.bytes += static_cast<int64_t>(t.bytes);
    if (acc.kind != "parameter") continue;  // rope_freqs and other buffers: bytes, not parameters
    acc.parameters = static_cast<int64_t>(t.elements);
    acc.format = t.type->name;
    s.parameters += static_cast<int64_t>(t.elements);
    s.bits_per_weight = ggml_bits_per_weight(*t.type);
  }
  a.params = account_classified(a.tensors, accounts, config);
  for (const auto* t : infos) a.tensor_bytes += static_cast<int64_t>(t->bytes);
  a.parameters = a.params.total;
  a.bits_per_weight = a.parameters > 0 ? static_cast<double>(a.tensor_bytes) * 8.0 / static_cast<double>(a.parameters) : 0;
  int64_t best = -1;
  for (const auto& [name, share] : a.by_type) {
    if (share.parameters > best) {
      best = share.parameters;
      a.dominant_type = name;
    }
  }
  a.dominant_share = a.parameters > 0 && best > 0 ? static_cast<double>(best) / static_cast<double>(a.parameters) : 0;
  a.quantization = !a.file_type_name.empty() ? a.file_type_name : a.dominant_type;
  return a;
}

}  // namespace hfmi
