// GGUF header decoder: the 17 real heads against their SOURCE.json (parsed from the whole real files by
// the fixture collector), both byte orders, nested arrays, prefixes, and hostile headers.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "fixtures.hpp"
#include "json_oracle.hpp"
#include "gguf/ggml_type.hpp"
#include "gguf/gguf_header.hpp"
#include "gguf_builder.hpp"

using hfmi::decode_gguf_header;
using hfmi::GgufHeader;
using hfmi::test::GgufBuilder;

namespace {

std::vector<std::string> real_gguf_names() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(std::string(HFMI_FIXTURES_DIR) + "/gguf/real")) {
    const std::string f = e.path().filename().string();
    const std::string suffix = ".SOURCE.json";
    if (f.size() > suffix.size() && f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0) {
      names.push_back(f.substr(0, f.size() - suffix.size()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

hfmi::Error decode_error(const std::string& bytes, uint64_t file_size = 0) {
  auto r = decode_gguf_header(bytes, file_size, "hostile.gguf");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_HEADER");
  return r.error();
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

}  // namespace

TEST_CASE("gguf: the 17 real heads parse, every scalar key equal to SOURCE.json", "[gguf]") {
  const auto names = real_gguf_names();
  REQUIRE(names.size() == 17);
  int complete = 0;
  for (const auto& name : names) {
    INFO(name);
    const auto source = nlohmann::json::parse(hfmi::test::fixture("gguf/real/" + name + ".SOURCE.json"));
    const std::string head = hfmi::test::fixture("gguf/real/" + name + ".gguf.head");
    const uint64_t full = source["full_file_size"].get<uint64_t>();
    const uint64_t header_end = source["header_end_offset"].get<uint64_t>();
    auto r = decode_gguf_header(head, full, name + ".gguf");
    if (!r.ok()) FAIL(r.error().message);
    const GgufHeader& h = r.value();
    CHECK(h.version == source["gguf_version"].get<uint32_t>());
    CHECK(h.tensor_count == source["n_tensors"].get<uint64_t>());
    CHECK(h.kv_count == source["n_kv"].get<uint64_t>());
    CHECK_FALSE(h.big_endian);
    const auto& scalars = source["metadata_scalars"];
    const auto& arrays = source["tokenizer_arrays"];
    size_t scalars_seen = 0;
    const size_t duplicates = h.warnings.size();  // dbrx's head writes general.file_type twice
    for (const auto& kv : h.metadata) {
      INFO(kv.key);
      if (kv.type == hfmi::GgufValueType::kArray) {
        REQUIRE(arrays.contains(kv.key));
        CHECK(kv.array_length == arrays[kv.key]["len"].get<uint64_t>());
        CHECK(static_cast<int>(kv.array_type) == arrays[kv.key]["array_type"].get<int>());
        CHECK(kv.skipped);  // tokenizer arrays are walked, not materialised
      } else {
        REQUIRE(scalars.contains(kv.key));
        CHECK(hfmi::test::oracle(kv.value) == scalars[kv.key]);
        ++scalars_seen;
      }
    }
    if (header_end <= head.size()) {
      ++complete;
      CHECK(h.complete);
      CHECK(h.header_bytes == header_end);
      CHECK(h.metadata.size() + duplicates == h.kv_count);
      CHECK(scalars_seen == scalars.size());  // every scalar key, none missing
      REQUIRE(h.tensors.size() == source["tensors"].size());
      for (size_t i = 0; i < h.tensors.size(); ++i) {
        const auto& t = source["tensors"][i];
        CHECK(h.tensors[i].name == t["name"].get<std::string>());
        CHECK(h.tensors[i].dims == t["dims"].get<std::vector<uint64_t>>());
        CHECK(static_cast<int>(h.tensors[i].type->type) == t["type"].get<int>());
        CHECK(h.tensors[i].offset == t["offset"].get<uint64_t>());
      }
    } else {
      // The head ends inside the tokenizer arrays: what was read is right, and the decoder asks for more.
      CHECK_FALSE(h.complete);
      CHECK(h.header_bytes > head.size());
      CHECK(h.header_bytes <= header_end);
      CHECK(h.estimated_header_bytes >= h.header_bytes);
      CHECK(h.metadata.size() < h.kv_count);
      CHECK(scalars_seen >= 3);
    }
  }
  CHECK(complete == 5);  // bert-bge, llama-spm, llama, phi-3 and the tiny llama fit in their heads
}

TEST_CASE("gguf: the tiny llama's parameter count from its 12 tensor infos", "[gguf]") {
  const std::string name = "ollama__ollama__llama-2-tiny-random";
  const auto source = nlohmann::json::parse(hfmi::test::fixture("gguf/real/" + name + ".SOURCE.json"));
  uint64_t expected = 0;  // the product of each tensor's dims in SOURCE.json, summed
  for (const auto& t : source["tensors"]) {
    uint64_t n = 1;
    for (const auto& d : t["dims"]) n *= d.get<uint64_t>();
    expected += n;
  }
  REQUIRE(expected == 513048);  // 2 x 8 x 32000 + 4 x 8 x 8 + 3 x 8 x 32 + 3 x 8
  auto r = decode_gguf_header(hfmi::test::fixture("gguf/real/" + name + ".gguf.head"),
                              source["full_file_size"].get<uint64_t>(), name);
  REQUIRE(r.ok());
  REQUIRE(r->tensors.size() == 12);
  uint64_t total = 0, bytes = 0;
  for (const auto& t : r->tensors) {
    total += t.elements;
    bytes += t.bytes;
  }
  CHECK(total == expected);
  // The data section runs to the very end of the real file: F16 weights + F32 norms, 32-byte aligned.
  CHECK(r->data_start + r->data_bytes == source["full_file_size"].get<uint64_t>());
  CHECK(bytes == 2 * (2 * 8 * 32000 + 4 * 64 + 3 * 256) + 4 * 3 * 8);
}

TEST_CASE("gguf: ggml type table", "[gguf]") {
  using hfmi::ggml_type_by_name;
  // Block sizes and bytes per block from ggml-common.h.
  CHECK(ggml_type_by_name("Q4_K")->type_size == 144);
  CHECK(hfmi::ggml_bits_per_weight(*ggml_type_by_name("Q4_K")) == 4.5);
  CHECK(hfmi::ggml_bits_per_weight(*ggml_type_by_name("Q8_0")) == 8.5);
  CHECK(hfmi::ggml_bits_per_weight(*ggml_type_by_name("IQ2_XXS")) == 2.0625);
  CHECK(hfmi::ggml_bits_per_weight(*ggml_type_by_name("TQ1_0")) == 1.6875);
  CHECK(hfmi::ggml_bits_per_weight(*ggml_type_by_name("MXFP4")) == 4.25);
  CHECK(hfmi::ggml_bits_per_weight(*ggml_type_by_name("Q6_K")) == 6.5625);
  CHECK(hfmi::ggml_type_info(39)->name == std::string("MXFP4"));
  CHECK(hfmi::ggml_type_info(43) == nullptr);
  CHECK(hfmi::ggml_type_info(31)->removed);
}

TEST_CASE("gguf: big-endian v3 and v2, nested arrays, per-layer arrays", "[gguf]") {
  for (bool be : {false, true}) {
    for (uint32_t version : {2u, 3u}) {
      INFO("big endian " << be << " version " << version);
      GgufBuilder b(be);
      b.preamble(version, 2, 5);
      b.kv_str("general.architecture", "llama");
      b.kv_u32("general.alignment", 64);
      b.str("llama.attention.head_count_kv").u32(9).u32(5).u64(3).i32(8).i32(4).i32(-1);  // int32[3]
      b.str("nested").u32(9).u32(9).u64(2);  // array of 2 arrays
      b.u32(8).u64(2).str("a").str("bc");    // ["a", "bc"]
      b.u32(6).u64(1).f32(0.5f);             // [0.5]
      b.str("llama.rope.freq_base").u32(6).f32(10000.0f);
      b.tensor("token_embd.weight", {256, 10}, 12, 0);  // Q4_K: 10 rows of 144 bytes
      b.tensor("output_norm.weight", {256}, 0, 1472);   // F32, aligned to 64
      auto r = decode_gguf_header(b.bytes(), 0, "t.gguf");
      REQUIRE(r.ok());
      CHECK(r->big_endian == be);
      CHECK(r->complete);
      CHECK(r->version == version);
      CHECK(r->alignment == 64);
      CHECK(hfmi::test::oracle(r->find("llama.attention.head_count_kv")->value) == nlohmann::json({8, 4, -1}));
      CHECK(hfmi::test::oracle(r->find("nested")->value) == nlohmann::json::parse(R"([["a","bc"],[0.5]])"));
      CHECK(r->find("llama.rope.freq_base")->value == 10000.0);
      REQUIRE(r->tensors.size() == 2);
      CHECK(r->tensors[0].bytes == 1440);
      CHECK(r->tensors[1].bytes == 1024);
      CHECK(r->data_start % 64 == 0);
      CHECK(r->data_bytes == 1472 + 1024);
    }
  }
}

TEST_CASE("gguf: a prefix is not an error: it says how many bytes the header needs", "[gguf]") {
  GgufBuilder b;
  b.preamble(3, 1, 2).kv_str("general.architecture", "llama");
  b.str("tokenizer.ggml.tokens").u32(9).u32(8).u64(2000);
  for (int i = 0; i < 2000; ++i) b.str("tok" + std::to_string(i));
  b.tensor("output_norm.weight", {8}, 0, 0);
  const std::string& all = b.bytes();
  auto full = decode_gguf_header(all, 0, "t.gguf");
  REQUIRE(full.ok());
  REQUIRE(full->complete);
  CHECK(full->header_bytes == all.size());
  CHECK(full->find("tokenizer.ggml.tokens")->array_length == 2000);
  CHECK(full->skipped_array_elements == 2000);
  for (size_t cut : {size_t{0}, size_t{3}, size_t{23}, size_t{60}, all.size() / 2, all.size() - 1}) {
    INFO("cut at " << cut);
    auto r = decode_gguf_header(std::string_view(all).substr(0, cut), 0, "t.gguf");
    REQUIRE(r.ok());
    CHECK_FALSE(r->complete);
    CHECK(r->header_bytes > cut);
    CHECK(r->header_bytes <= all.size());
  }
  // Half way through the tokens, the estimate extrapolates the rest of the array.
  auto half = decode_gguf_header(std::string_view(all).substr(0, all.size() / 2), 0, "t.gguf");
  CHECK(half->estimated_header_bytes > all.size() * 9 / 10);
  CHECK(half->estimated_header_bytes < all.size() * 11 / 10);
}

TEST_CASE("gguf: hostile headers get coded errors naming the key or tensor", "[gguf]") {
  SECTION("bad magic, a file shorter than the preamble") {
    CHECK(starts_with(decode_error("GGML\3\0\0\0").message, "gguf_bad_magic"));
    CHECK(starts_with(decode_error("GG", 10).message, "gguf_truncated_file"));
  }
  SECTION("unknown version") {
    GgufBuilder b;
    b.preamble(4, 0, 0);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_unknown_version"));
    CHECK(e.path == "version");
    GgufBuilder v1;
    v1.preamble(1, 0, 0);
    CHECK(starts_with(decode_error(v1.bytes()).message, "gguf_unknown_version"));
  }
  SECTION("huge string length") {
    GgufBuilder b;
    b.preamble(3, 0, 1).str("general.name").u32(8).u64(uint64_t{1} << 40);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_string_too_long"));
    CHECK(e.path == "metadata.general.name");
    // Under the limit but past the end of a file of known size.
    GgufBuilder c;
    c.preamble(3, 0, 1).str("general.name").u32(8).u64(5000).str("x");
    auto e2 = decode_error(c.bytes(), c.size());
    CHECK(starts_with(e2.message, "gguf_truncated_file"));
    CHECK(e2.path == "metadata.general.name");
  }
  SECTION("huge array") {
    GgufBuilder b;
    b.preamble(3, 0, 1).str("tokenizer.ggml.scores").u32(9).u32(6).u64(uint64_t{1} << 62);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_array_too_long"));
    CHECK(e.path == "metadata.tokenizer.ggml.scores");
  }
  SECTION("arrays nested too deep") {
    GgufBuilder b;
    b.preamble(3, 0, 1).str("deep").u32(9);
    for (int i = 0; i < 10; ++i) b.u32(9).u64(1);
    CHECK(starts_with(decode_error(b.bytes()).message, "gguf_array_too_deep"));
  }
  SECTION("too many tensors") {
    GgufBuilder b;
    b.preamble(3, uint64_t{1} << 40, 0);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_too_many_tensors"));
    CHECK(e.path == "tensor_count");
    // Plausible count, but more than a 1 KB file can describe.
    GgufBuilder c;
    c.preamble(3, 1000, 0);
    CHECK(starts_with(decode_error(c.bytes(), 1024).message, "gguf_too_many_tensors"));
  }
  SECTION("too many key/values") {
    GgufBuilder b;
    b.preamble(3, 0, uint64_t{1} << 50);
    CHECK(starts_with(decode_error(b.bytes()).message, "gguf_too_many_kvs"));
  }
  SECTION("unknown value type") {
    GgufBuilder b;
    b.preamble(3, 0, 1).str("general.name").u32(13).u32(0);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_unknown_value_type"));
    CHECK(e.path == "metadata.general.name");
  }
  SECTION("duplicate key") {
    GgufBuilder b;
    b.preamble(3, 0, 2).kv_u32("a", 1).kv_u32("a", 2);
    CHECK(starts_with(decode_error(b.bytes()).message, "gguf_duplicate_key"));
    GgufBuilder same;  // the same value twice is accepted with a warning
    same.preamble(3, 0, 2).kv_u32("a", 1).kv_u32("a", 1);
    auto r = decode_gguf_header(same.bytes(), 0, "t.gguf");
    REQUIRE(r.ok());
    CHECK(r->metadata.size() == 1);
    CHECK(r->warnings.size() == 1);
  }
  SECTION("bad alignment") {
    GgufBuilder b;
    b.preamble(3, 0, 1).kv_u32("general.alignment", 48);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_bad_alignment"));
    CHECK(e.path == "metadata.general.alignment");
  }
  SECTION("dims that overflow") {
    GgufBuilder b;
    b.preamble(3, 1, 0).tensor("blk.0.attn_q.weight", {uint64_t{1} << 32, uint64_t{1} << 32}, 0, 0);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_dims_overflow"));
    CHECK(e.path == "tensors[0] blk.0.attn_q.weight");
    GgufBuilder c;
    c.preamble(3, 1, 0).tensor("neg", {uint64_t(-5)}, 0, 0);
    CHECK(starts_with(decode_error(c.bytes()).message, "gguf_bad_dims"));
    GgufBuilder d;
    d.preamble(3, 1, 0).tensor("five", {1, 1, 1, 1, 1}, 0, 0);
    CHECK(starts_with(decode_error(d.bytes()).message, "gguf_too_many_dims"));
  }
  SECTION("unknown and removed types, block multiples") {
    GgufBuilder b;
    b.preamble(3, 1, 0).tensor("w", {32}, 99, 0);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_unknown_type"));
    CHECK(e.path == "tensors[0] w");
    GgufBuilder c;
    c.preamble(3, 1, 0).tensor("w", {32}, 31, 0);
    auto e2 = decode_error(c.bytes());
    CHECK(starts_with(e2.message, "gguf_removed_type"));
    CHECK(e2.message.find("Q4_0_4_4") != std::string::npos);
    GgufBuilder d;
    d.preamble(3, 1, 0).tensor("w", {100}, 12, 0);  // Q4_K blocks hold 256 weights
    CHECK(starts_with(decode_error(d.bytes()).message, "gguf_bad_block_multiple"));
  }
  SECTION("offsets misaligned, overlapping or past the end") {
    GgufBuilder b;
    b.preamble(3, 1, 0).tensor("w", {8}, 0, 17);
    auto e = decode_error(b.bytes());
    CHECK(starts_with(e.message, "gguf_misaligned_offset"));
    CHECK(e.path == "tensors[0] w");
    GgufBuilder c;
    c.preamble(3, 2, 0).tensor("a", {64}, 0, 0).tensor("b", {8}, 0, 128);  // a is 256 bytes
    CHECK(starts_with(decode_error(c.bytes()).message, "gguf_overlapping_tensors"));
    GgufBuilder d;
    d.preamble(3, 1, 0).tensor("w", {1024}, 0, 4096);
    auto e3 = decode_error(d.bytes(), 5000);
    CHECK(starts_with(e3.message, "gguf_data_past_end"));
    CHECK(e3.path == "tensors w");
  }
  SECTION("duplicate tensor, name too long") {
    GgufBuilder b;
    b.preamble(3, 2, 0).tensor("w", {8}, 0, 0).tensor("w", {8}, 0, 32);
    CHECK(starts_with(decode_error(b.bytes()).message, "gguf_duplicate_tensor"));
    GgufBuilder c;
    c.preamble(3, 1, 0).tensor(std::string(64, 'n'), {8}, 0, 0);
    CHECK(starts_with(decode_error(c.bytes()).message, "gguf_tensor_name_too_long"));
  }
}
