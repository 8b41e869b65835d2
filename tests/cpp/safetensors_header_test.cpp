#include <catch2/catch.hpp>

#include <string>

#include "fixtures.hpp"
#include "header_builder.hpp"
#include "safetensors/dtype.hpp"
#include "safetensors/safetensors_header.hpp"

using namespace hfmi;
using hfmi::test::HeaderBuilder;
using hfmi::test::header_bytes_from_json;

namespace {

// A small valid header used to show the decoder still works after each hostile input.
HeaderBuilder good_builder() {
  HeaderBuilder b;
  b.add("model.embed_tokens.weight", "BF16", {32, 8})
      .add("model.layers.0.mlp.up_proj.weight", "BF16", {16, 8})
      .add("model.norm.weight", "F32", {8})
      .metadata("format", "pt");
  return b;
}

void check_still_decodes_good_header() {
  const HeaderBuilder b = good_builder();
  auto r = decode_safetensors_header(b.bytes(), b.file_size(), "good.safetensors");
  REQUIRE(r.ok());
  CHECK(r->tensors.size() == 3);
}

Error expect_bad(const std::string& bytes, uint64_t file_size = 0) {
  auto r = decode_safetensors_header(bytes, file_size, "model-00001-of-00002.safetensors");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_HEADER");
  CHECK(r.error().message.find("model-00001-of-00002.safetensors") != std::string::npos);
  check_still_decodes_good_header();
  return r.error();
}

std::string one_tensor(const std::string& entry) { return header_bytes_from_json("{\"t\":" + entry + "}"); }

}  // namespace

TEST_CASE("dtype table knows every safetensors dtype with its width", "[safetensors]") {
  const std::vector<std::pair<std::string, int>> expected = {
      {"F64", 64}, {"F32", 32}, {"F16", 16}, {"BF16", 16}, {"F8_E4M3", 8}, {"F8_E5M2", 8}, {"F8_E8M0", 8},
      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"F4", 4}, {"I64", 64}, {"I32", 32}, {"I16", 16}, {"I8", 8},
      {"U64", 64}, {"U32", 32}, {"U16", 16}, {"U8", 8}, {"BOOL", 8}, {"C64", 64}};
  for (const auto& [name, bits] : expected) {
    const DtypeInfo* d = find_dtype(name);
    REQUIRE(d != nullptr);
    CHECK(d->bits == bits);
  }
  CHECK(find_dtype("bf16") == nullptr);
  CHECK(find_dtype("F128") == nullptr);
  CHECK(find_dtype("") == nullptr);
}

TEST_CASE("prefix length is 8 + N, with N capped", "[safetensors]") {
  const HeaderBuilder b = good_builder();
  const std::string bytes = b.bytes();
  auto r = safetensors_prefix_length(bytes.substr(0, 8));
  REQUIRE(r.ok());
  CHECK(r.value() == bytes.size());

  CHECK_FALSE(safetensors_prefix_length("\x10\0\0").ok());
  const std::string over_cap = header_bytes_from_json(std::string(25'000'001, ' '), false).substr(0, 8);
  auto big = safetensors_prefix_length(over_cap);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == "E_BAD_HEADER");
  const std::string at_cap = header_bytes_from_json(std::string(25'000'000, ' '), false).substr(0, 8);
  auto ok = safetensors_prefix_length(at_cap);
  REQUIRE(ok.ok());
  CHECK(ok.value() == 25'000'008);
  CHECK_FALSE(safetensors_prefix_length(std::string("\x01\0\0\0\0\0\0\0", 8)).ok());
  CHECK_FALSE(safetensors_prefix_length(std::string(8, '\xff')).ok());
}

TEST_CASE("decodes a valid header: dtypes, shapes, offsets, metadata, file order", "[safetensors]") {
  HeaderBuilder b;
  b.add("b.weight", "F32", {3, 4})
      .add("a.weight", "BF16", {5})
      .add("scalar", "F64", {})
      .add("empty", "F16", {0, 7})
      .add("fp4", "F4", {2, 3})
      .add("fp6", "F6_E2M3", {4})
      .metadata("format", "pt")
      .metadata("total_parameters", "42");
  const std::string bytes = b.bytes();
  auto r = decode_safetensors_header(bytes, b.file_size(), "model.safetensors");
  REQUIRE(r.ok());
  const SafetensorsHeader& h = r.value();
  CHECK(h.header_length == bytes.size() - 8);
  REQUIRE(h.tensors.size() == 6);
  // File order: b.weight [0,48), a.weight [48,58), scalar [58,66), empty [66,66), fp4 [66,69), fp6 [69,72)
  CHECK(h.tensors[0].name == "b.weight");
  CHECK(h.tensors[0].dtype == "F32");
  CHECK(h.tensors[0].shape == std::vector<int64_t>{3, 4});
  CHECK(h.tensors[0].begin == 0);
  CHECK(h.tensors[0].end == 48);
  CHECK(h.tensors[0].shard == "model.safetensors");
  CHECK(h.tensors[1].name == "a.weight");
  CHECK(h.tensors[1].end == 58);
  CHECK(h.tensors[2].name == "scalar");
  CHECK(h.tensors[2].shape.empty());
  CHECK(h.tensors[3].name == "empty");
  CHECK(h.tensors[3].begin == h.tensors[3].end);
  CHECK(h.tensors[4].name == "fp4");
  CHECK(h.tensors[4].end - h.tensors[4].begin == 3);
  CHECK(h.tensors[5].end - h.tensors[5].begin == 3);
  CHECK(h.metadata["format"] == "pt");
  CHECK(h.metadata["total_parameters"] == "42");
  CHECK(h.data_end == bytes.size() + 72);
  CHECK(h.ends_at_file_end);

  // Unknown file size is fine; a bigger file is fine (not flagged as ending there).
  auto unknown = decode_safetensors_header(bytes, 0, "model.safetensors");
  REQUIRE(unknown.ok());
  CHECK_FALSE(unknown->ends_at_file_end);
  auto bigger = decode_safetensors_header(bytes, b.file_size() + 100, "model.safetensors");
  REQUIRE(bigger.ok());
  CHECK_FALSE(bigger->ends_at_file_end);
  // Extra bytes after the header (a speculative range) are ignored.
  auto extra = decode_safetensors_header(bytes + std::string(1000, '\x7f'), 0, "model.safetensors");
  REQUIRE(extra.ok());
  CHECK(extra->tensors.size() == 6);
}

TEST_CASE("an empty header {} and a header with only metadata are valid", "[safetensors]") {
  auto r = decode_safetensors_header(header_bytes_from_json("{}", false), 10, "x.safetensors");
  REQUIRE(r.ok());
  CHECK(r->tensors.empty());
  CHECK(r->metadata.is_null());
  CHECK(r->data_end == 10);
  auto m = decode_safetensors_header(header_bytes_from_json(R"({"__metadata__":{"format":"pt"}})"), 0, "x");
  REQUIRE(m.ok());
  CHECK(m->metadata["format"] == "pt");
}

TEST_CASE("hostile: header length over the cap or beyond the file", "[safetensors][hostile]") {
  std::string huge = header_bytes_from_json("{}", false);
  const uint64_t n = 25'000'001;
  for (int i = 0; i < 8; ++i) huge[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  expect_bad(huge);
  std::string max = huge;
  for (int i = 0; i < 8; ++i) max[static_cast<size_t>(i)] = '\xff';
  expect_bad(max);

  const HeaderBuilder b = good_builder();
  const std::string bytes = b.bytes();
  // The header itself is longer than the file.
  expect_bad(bytes, bytes.size() - 1);
  // The data runs past the end of the file.
  Error e = expect_bad(bytes, b.file_size() - 1);
  CHECK(e.path.find("data_offsets") != std::string::npos);
}

TEST_CASE("hostile: truncated bytes", "[safetensors][hostile]") {
  const std::string bytes = good_builder().bytes();
  expect_bad("");
  expect_bad(bytes.substr(0, 7));
  Error e = expect_bad(bytes.substr(0, bytes.size() - 1));
  CHECK(e.message.find("truncated") != std::string::npos);
}

TEST_CASE("hostile: non-JSON, JSON array root, wrong entry types", "[safetensors][hostile]") {
  expect_bad(header_bytes_from_json("not json at all"));
  expect_bad(header_bytes_from_json(std::string("\x89PNG\r\n\x1a\n", 8)));
  expect_bad(header_bytes_from_json(R"({"t": {"dtype":"F32","shape":[1],"data_offsets":[0,4]})"));  // unclosed
  Error arr = expect_bad(header_bytes_from_json(R"([{"dtype":"F32","shape":[1],"data_offsets":[0,4]}])"));
  CHECK(arr.path == "$");
  expect_bad(header_bytes_from_json("\"just a string\""));
  expect_bad(header_bytes_from_json("{\"t\": 5}"));
  expect_bad(header_bytes_from_json("{\"t\": \"\xff\xfe\"}"));  // invalid UTF-8
  Error extra = expect_bad(one_tensor(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1})"));
  CHECK(extra.path == "$['t'].x");
  Error missing = expect_bad(one_tensor(R"({"dtype":"F32","shape":[1]})"));
  CHECK(missing.path == "$['t'].data_offsets");
  Error negative = expect_bad(one_tensor(R"({"dtype":"F32","shape":[-1],"data_offsets":[0,4]})"));
  CHECK(negative.path == "$['t'].shape[0]");
  expect_bad(one_tensor(R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,4]})"));
  expect_bad(one_tensor(R"({"dtype":"F32","shape":"[1]","data_offsets":[0,4]})"));
  Error nested = expect_bad(one_tensor(R"({"dtype":"F32","shape":[[1]],"data_offsets":[0,4]})"));
  CHECK(nested.path == "$['t'].shape");
  expect_bad(one_tensor(R"({"dtype":"F32","shape":[1],"data_offsets":[0]})"));
  expect_bad(one_tensor(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4,8]})"));
  expect_bad(one_tensor(R"({"dtype":"F32","shape":[1],"data_offsets":[-4,0]})"));
  Error swapped = expect_bad(one_tensor(R"({"dtype":"F32","shape":[0],"data_offsets":[4,0]})"));
  CHECK(swapped.path == "$['t'].data_offsets");
  Error meta = expect_bad(header_bytes_from_json(R"({"__metadata__":{"format":5}})"));
  CHECK(meta.path == "$.__metadata__['format']");
  expect_bad(header_bytes_from_json(R"({"__metadata__":["pt"]})"));
  expect_bad(header_bytes_from_json(R"({"__metadata__":{"a":{"b":"c"}}})"));
}

TEST_CASE("hostile: unknown dtypes", "[safetensors][hostile]") {
  Error e = expect_bad(one_tensor(R"({"dtype":"F128","shape":[1],"data_offsets":[0,16]})"));
  CHECK(e.path == "$['t'].dtype");
  CHECK(e.message.find("F128") != std::string::npos);
  expect_bad(one_tensor(R"({"dtype":"bf16","shape":[1],"data_offsets":[0,2]})"));
  expect_bad(one_tensor(R"({"dtype":7,"shape":[1],"data_offsets":[0,2]})"));
}

TEST_CASE("hostile: sizes that do not match shape x dtype, and sub-byte remainders", "[safetensors][hostile]") {
  Error e = expect_bad(one_tensor(R"({"dtype":"F32","shape":[2,3],"data_offsets":[0,23]})"));
  CHECK(e.path == "$['t'].data_offsets");
  expect_bad(one_tensor(R"({"dtype":"F4","shape":[3],"data_offsets":[0,2]})"));      // 12 bits
  expect_bad(one_tensor(R"({"dtype":"F6_E3M2","shape":[3],"data_offsets":[0,3]})"));  // 18 bits
  auto ok = decode_safetensors_header(one_tensor(R"({"dtype":"F6_E3M2","shape":[4],"data_offsets":[0,3]})"), 0, "x");
  CHECK(ok.ok());
}

TEST_CASE("hostile: overlapping offsets and gaps", "[safetensors][hostile]") {
  Error overlap = expect_bad(header_bytes_from_json(
      R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})"));
  CHECK(overlap.path == "$['b'].data_offsets");
  CHECK(overlap.message.find("overlaps") != std::string::npos);
  Error same = expect_bad(header_bytes_from_json(
      R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})"));
  CHECK(same.message.find("overlaps") != std::string::npos);
  Error gap = expect_bad(header_bytes_from_json(
      R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})"));
  CHECK(gap.path == "$['b'].data_offsets");
  CHECK(gap.message.find("gap") != std::string::npos);
  Error first = expect_bad(one_tensor(R"({"dtype":"F32","shape":[1],"data_offsets":[4,8]})"));
  CHECK(first.message.find("gap") != std::string::npos);
  // Out of key order but contiguous by offset: fine.
  auto ok = decode_safetensors_header(header_bytes_from_json(
      R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})"), 0, "x");
  REQUIRE(ok.ok());
  CHECK(ok->tensors[0].name == "b");
}

TEST_CASE("hostile: shape overflow and absurd sizes", "[safetensors][hostile]") {
  // 2^40 x 2^40 overflows 64 bits.
  Error o = expect_bad(one_tensor(R"({"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,4]})"));
  CHECK(o.path == "$['t'].shape");
  CHECK(o.message.find("overflow") != std::string::npos);
  expect_bad(one_tensor(R"({"dtype":"U8","shape":[4294967296,4294967296,2],"data_offsets":[0,0]})"));
  // A dimension bigger than uint64: nlohmann makes it a float, which is not a count.
  expect_bad(one_tensor(R"({"dtype":"U8","shape":[99999999999999999999999],"data_offsets":[0,1]})"));
  // An offset past 2^64 - 1 when added to the header start.
  expect_bad(one_tensor(R"({"dtype":"U8","shape":[1],"data_offsets":[18446744073709551614,18446744073709551615]})"), 1000);
  // A zero dimension makes overflow harmless: 0 elements.
  auto zero = decode_safetensors_header(
      one_tensor(R"({"dtype":"F32","shape":[1099511627776,1099511627776,0],"data_offsets":[0,0]})"), 0, "x");
  CHECK(zero.ok());
}

TEST_CASE("hostile: a header that claims 10^18 parameters", "[safetensors][hostile]") {
  // 10^9 x 10^9 F32 = 4 * 10^18 bytes, with consistent offsets.
  const std::string bytes = one_tensor(R"({"dtype":"F32","shape":[1000000000,1000000000],"data_offsets":[0,4000000000000000000]})");
  // File size known: the data cannot fit.
  Error known = expect_bad(bytes, 1'000'000);
  CHECK(known.message.find("beyond") != std::string::npos);
  // File size unknown: refused as absurd rather than counted.
  Error unknown = expect_bad(bytes, 0);
  CHECK(unknown.message.find("absurd") != std::string::npos);
  // Many tensors that each pass but add up beyond 2^53 bytes are caught by the offset cap.
  expect_bad(header_bytes_from_json(
      R"({"a":{"dtype":"U8","shape":[9007199254740992],"data_offsets":[0,9007199254740992]},)"
      R"("b":{"dtype":"U8","shape":[1],"data_offsets":[9007199254740992,9007199254740993]}})"));
}

TEST_CASE("hostile: duplicate tensor names and duplicate fields", "[safetensors][hostile]") {
  Error dup = expect_bad(header_bytes_from_json(
      R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})"));
  CHECK(dup.path == "$['w']");
  CHECK(dup.message.find("duplicate") != std::string::npos);
  // Same name via an escape.
  expect_bad(header_bytes_from_json(
      R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\u0077":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})"));
  Error field = expect_bad(one_tensor(R"({"dtype":"F32","dtype":"I64","shape":[1],"data_offsets":[0,4]})"));
  CHECK(field.path == "$['t'].dtype");
  expect_bad(header_bytes_from_json(R"({"__metadata__":{},"__metadata__":{}})"));
}

TEST_CASE("hostile: deep nesting is refused without building it", "[safetensors][hostile]") {
  const std::string deep = "{\"t\":{\"dtype\":\"F32\",\"shape\":" + std::string(100000, '[') + std::string(100000, ']') +
                           ",\"data_offsets\":[0,4]}}";
  expect_bad(header_bytes_from_json(deep));
  expect_bad(header_bytes_from_json("{\"__metadata__\":" + std::string(50000, '[') + std::string(50000, ']') + "}"));
}

TEST_CASE("error paths quote tensor names with awkward characters", "[safetensors][hostile]") {
  Error e = expect_bad(header_bytes_from_json(R"({"it's \\ odd":{"dtype":"X","shape":[1],"data_offsets":[0,4]}})"));
  CHECK(e.path == "$['it\\'s \\\\ odd'].dtype");
}

TEST_CASE("a large header (20k tensors, metadata with 10k keys) decodes in file order", "[safetensors]") {
  HeaderBuilder b;
  for (int i = 0; i < 20'000; ++i) b.add("model.layers." + std::to_string(i / 10) + ".w" + std::to_string(i % 10), "BF16", {3, 5});
  for (int i = 0; i < 10'000; ++i) b.metadata("k" + std::to_string(i), "v");
  auto r = decode_safetensors_header(b.bytes(), b.file_size(), "big.safetensors");
  REQUIRE(r.ok());
  REQUIRE(r->tensors.size() == 20'000);
  CHECK(r->tensors[12'345].name == "model.layers.1234.w5");
  CHECK(r->tensors[12'345].begin == 12'345u * 30);
  CHECK(r->metadata.size() == 10'000);
  CHECK(r->ends_at_file_end);
}

TEST_CASE("__metadata__ may be null; a null tensor entry may not", "[safetensors][hostile]") {
  auto r = decode_safetensors_header(header_bytes_from_json(R"({"__metadata__":null,"t":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})"), 0, "x");
  REQUIRE(r.ok());
  CHECK(r->metadata.is_null());
  CHECK(r->tensors.size() == 1);
  Error e = expect_bad(header_bytes_from_json(R"({"t":null})"));
  CHECK(e.path == "$['t']");
  expect_bad(header_bytes_from_json(R"({"t":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}} trailing)"));
  expect_bad(header_bytes_from_json(R"({"t":{"dtype":"U8","shape":[true],"data_offsets":[0,2]}})"));
  expect_bad(header_bytes_from_json(R"({"t":{"dtype":"U8","shape":[2],"data_offsets":{"b":0}}})"));
  expect_bad(header_bytes_from_json(R"({"t":{"dtype":["U8"],"shape":[2],"data_offsets":[0,2]}})"));
}

TEST_CASE("the fuzz seed corpus holds valid headers that still decode", "[safetensors]") {
  // Seed files are <mode byte><header bytes...>; see fuzz/safetensors_header_fuzz.cpp.
  for (const char* seed : {"tiny_f32_m0", "gpt2_layer_m1", "mxfp4_m0", "fp8_m1", "gptq_m0", "subbyte_m1", "empty_m0"}) {
    INFO(seed);
    const std::string blob =
        test::read_file(std::string(HFMI_FIXTURES_DIR) + "/../../fuzz/corpus/safetensors_header/" + seed + ".bin");
    const std::string bytes = blob.substr(1);
    const uint64_t file_size = blob[0] == 1 ? bytes.size() : 0;
    auto r = decode_safetensors_header(bytes, file_size, "seed.safetensors");
    REQUIRE(r.ok());
    if (file_size != 0) CHECK(r->ends_at_file_end);
  }
}
