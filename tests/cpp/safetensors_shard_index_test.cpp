#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "safetensors/shard_index.hpp"

using namespace hfmi;

namespace {

Result<ShardIndex> parse_in_chunks(const std::string& text, size_t chunk) {
  ShardIndexParser p;
  for (size_t i = 0; i < text.size(); i += chunk) {
    auto r = p.feed(std::string_view(text).substr(i, chunk));
    if (!r) return r.error();
  }
  return p.finish();
}

Error expect_bad_index(const std::string& text, size_t chunk = 3) {
  auto r = parse_in_chunks(text, chunk);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_INDEX");
  // The module keeps working: a fresh parser on a good document succeeds.
  auto good = parse_in_chunks(R"({"weight_map":{"a":"model.safetensors"}})", 5);
  REQUIRE(good.ok());
  CHECK(good->shards == std::vector<std::string>{"model.safetensors"});
  return r.error();
}

std::string with_shard(const std::string& shard_json_string) {
  return R"({"metadata":{"total_size":4},"weight_map":{"model.embed_tokens.weight":"model-00001-of-00002.safetensors","model.norm.weight":)" +
         shard_json_string + "}}";
}

// The same facts, counted independently with a DOM parse (ordered_json keeps first-seen order).
struct Expected {
  std::vector<std::string> shards;
  uint64_t tensors = 0;
  std::optional<uint64_t> total_size;
  std::optional<uint64_t> total_parameters;
};

Expected count_with_dom(const std::string& text) {
  const auto j = nlohmann::ordered_json::parse(text);
  Expected e;
  for (const auto& [name, shard] : j["weight_map"].items()) {
    (void)name;
    ++e.tensors;
    const std::string s = shard.get<std::string>();
    if (std::find(e.shards.begin(), e.shards.end(), s) == e.shards.end()) e.shards.push_back(s);
  }
  if (j.contains("metadata") && j["metadata"].contains("total_size")) e.total_size = j["metadata"]["total_size"].get<uint64_t>();
  if (j.contains("metadata") && j["metadata"].contains("total_parameters")) {
    e.total_parameters = j["metadata"]["total_parameters"].get<uint64_t>();
  }
  return e;
}

}  // namespace

TEST_CASE("shard index: every real index file, fed in chunks of 1, 7 and 4096 bytes", "[safetensors][index]") {
  const std::vector<std::string> files = {
      "alpindale__WizardLM-2-8x22B.safetensors.index.json",   "google__gemma-2-9b-it.safetensors.index.json",
      "google__gemma-2b-it.safetensors.index.json",           "google__medgemma-27b-it.safetensors.index.json",
      "llava-hf__llava-1.5-7b-hf.safetensors.index.json",     "microsoft__Phi-3-mini-128k-instruct.safetensors.index.json",
      "mistralai__Devstral-Small-2507.safetensors.index.json", "tiiuae__falcon-180B-chat.safetensors.index.json",
      "tiiuae__falcon-7b-instruct.pytorch_model.bin.index.json"};
  for (const std::string& file : files) {
    const std::string text = test::fixture("hf/" + file);
    const Expected expected = count_with_dom(text);
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) {
      INFO(file << " in chunks of " << chunk);
      auto r = parse_in_chunks(text, chunk);
      REQUIRE(r.ok());
      CHECK(r->shards == expected.shards);
      CHECK(r->tensor_count == expected.tensors);
      CHECK(r->total_size == expected.total_size);
      CHECK(r->total_parameters == expected.total_parameters);
      CHECK(r->pytorch_bin == (file.find("pytorch_model.bin") != std::string::npos));
    }
  }
}

TEST_CASE("shard index: facts of particular files, from PROVENANCE.md", "[safetensors][index]") {
  auto devstral = parse_in_chunks(test::fixture("hf/mistralai__Devstral-Small-2507.safetensors.index.json"), 4096);
  REQUIRE(devstral.ok());
  CHECK(devstral->total_parameters == uint64_t{23572403200});
  CHECK(devstral->total_size == uint64_t{47144806400});
  auto medgemma = parse_in_chunks(test::fixture("hf/google__medgemma-27b-it.safetensors.index.json"), 4096);
  REQUIRE(medgemma.ok());
  CHECK(medgemma->total_parameters == uint64_t{28842036848});
  auto falcon7 = parse_in_chunks(test::fixture("hf/tiiuae__falcon-7b-instruct.pytorch_model.bin.index.json"), 4096);
  REQUIRE(falcon7.ok());
  CHECK(falcon7->total_size == uint64_t{14434379520});
  CHECK(falcon7->pytorch_bin);
}

TEST_CASE("shard index: feed reports completion; finish needs a complete document", "[safetensors][index]") {
  ShardIndexParser p;
  auto a = p.feed(R"({"weight_map": {"a": "x.safetensors")");
  REQUIRE(a.ok());
  CHECK_FALSE(a.value());
  auto early = p.finish();
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == "E_BAD_INDEX");
  auto b = p.feed("}}\n");
  REQUIRE(b.ok());
  CHECK(b.value());
  auto r = p.finish();
  REQUIRE(r.ok());
  CHECK(r->tensor_count == 1);
  CHECK_FALSE(r->total_size.has_value());
}

TEST_CASE("shard index: keys in any order, unknown keys skipped, escapes decoded", "[safetensors][index]") {
  const std::string text = R"({
    "weight_map": {"caf\u00e9.w": "model\u002d00001.safetensors", "emoji\ud83d\ude00": "model-00001.safetensors",
                   "tab\t": "sub/dir/model-00002.safetensors", "q\"uote": "model-00001.safetensors"},
    "extra": {"nested": [1, 2.5e3, -0.5, true, false, null, {"weight_map": 7}], "s": "\\\/\b\f\n\r\t"},
    "metadata": {"total_parameters": 12, "format": "pt", "weird": [[[]]], "total_size": 1.6e10}
  })";
  // (The raw tab inside a key above is escaped as \t by the raw string? No: it is a literal "\t" escape.)
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{5}, size_t{1000}}) {
    auto r = parse_in_chunks(text, chunk);
    REQUIRE(r.ok());
    CHECK(r->shards == std::vector<std::string>{"model-00001.safetensors", "sub/dir/model-00002.safetensors"});
    CHECK(r->tensor_count == 4);
    CHECK(r->total_parameters == uint64_t{12});
    CHECK(r->total_size == uint64_t{16000000000});
  }
  // Numbers ending exactly at a chunk boundary, and at the very end of nested skipped values.
  auto n = parse_in_chunks(R"({"x":123,"weight_map":{"a":"b.safetensors"},"metadata":{"total_size":99}})", 8);
  REQUIRE(n.ok());
  CHECK(n->total_size == uint64_t{99});
}

TEST_CASE("shard index: a generated 500k-entry index keeps memory bounded", "[safetensors][index]") {
  constexpr int kTensors = 500'000;
  constexpr int kShards = 163;
  std::string text = "{\"metadata\":{\"total_size\":1234567890123},\"weight_map\":{";
  text.reserve(static_cast<size_t>(kTensors) * 110);
  std::vector<std::string> shard_names;
  for (int s = 1; s <= kShards; ++s) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "model-%05d-of-%05d.safetensors", s, kShards);
    shard_names.emplace_back(buf);
  }
  for (int i = 0; i < kTensors; ++i) {
    if (i) text += ",";
    text += "\"model.layers." + std::to_string(i / 8192) + ".mlp.experts." + std::to_string(i % 8192) +
            ".down_proj.weight_scale_inv\":\"" + shard_names[static_cast<size_t>(i) * kShards / kTensors] + "\"";
  }
  text += "}}";
  REQUIRE(text.size() > 40'000'000);

  ShardIndexParser p;
  size_t peak = 0;
  for (size_t i = 0; i < text.size(); i += 65536) {
    auto r = p.feed(std::string_view(text).substr(i, 65536));
    REQUIRE(r.ok());
    peak = std::max(peak, p.retained_bytes());
  }
  auto r = p.finish();
  REQUIRE(r.ok());
  CHECK(r->tensor_count == static_cast<uint64_t>(kTensors));
  CHECK(r->shards == shard_names);
  CHECK(r->total_size == uint64_t{1234567890123});
  CHECK(peak < 8u * 1024 * 1024);
  CHECK(peak < text.size() / 8);

}

TEST_CASE("shard index: duplicates are caught across the hash set's merges", "[safetensors][index]") {
  // 20k entries: the recent-hash buffer (4096) is merged into the sorted run several times.
  std::string text = "{\"weight_map\":{";
  for (int i = 0; i < 20'000; ++i) text += (i ? "," : "") + std::string("\"t.") + std::to_string(i) + "\":\"m.safetensors\"";
  auto ok = parse_in_chunks(text + "}}", 4096);
  REQUIRE(ok.ok());
  CHECK(ok->tensor_count == 20'000);
  for (int dup : {0, 4095, 4096, 12'345, 19'999}) {
    auto r = parse_in_chunks(text + ",\"t." + std::to_string(dup) + "\":\"m.safetensors\"}}", 4096);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == "$.weight_map['t." + std::to_string(dup) + "']");
  }
}

TEST_CASE("shard index hostile: traversal and unsafe shard names", "[safetensors][index][hostile]") {
  const std::vector<std::string> bad_names = {
      R"("../evil.safetensors")",      R"("/etc/passwd.safetensors")", R"("a/../../b.safetensors")",
      R"("a\\b.safetensors")",         R"("evil\u0000.safetensors")",  R"("model.safetensors\n")",
      R"("model.txt")",                R"("")",                        R"("C:\\x.safetensors")",
      R"("C:x.safetensors")",          R"("%2e%2e/x.safetensors")",    R"("a//b.safetensors")",
      R"("./a.safetensors")",          R"(".safetensors")",            R"("dir/")",
      R"("..\u002fx.safetensors")",    R"("x.safetensors?download=1")", R"("x.safetensors#frag")",
      R"("\u002e\u002e/x.safetensors")"};
  for (const std::string& name : bad_names) {
    INFO(name);
    Error e = expect_bad_index(with_shard(name));
    CHECK(e.path == "$.weight_map['model.norm.weight']");
  }
  CHECK(shard_name_problem("model-00001-of-00002.safetensors").empty());
  CHECK(shard_name_problem("sub/model.safetensors").empty());
  CHECK(shard_name_problem("pytorch_model-00001-of-00002.bin").empty());
  CHECK_FALSE(shard_name_problem("model.safetensors.bak").empty());
}

TEST_CASE("shard index hostile: duplicates, caps, types, syntax", "[safetensors][index][hostile]") {
  Error dup = expect_bad_index(R"({"weight_map":{"a":"x.safetensors","b":"x.safetensors","a":"y.safetensors"}})");
  CHECK(dup.path == "$.weight_map['a']");
  CHECK(dup.message.find("duplicate") != std::string::npos);
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors","\u0061":"x.safetensors"}})");
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors"},"weight_map":{"b":"x.safetensors"}})");
  expect_bad_index(R"({"metadata":{"total_size":1,"total_size":2},"weight_map":{"a":"x.safetensors"}})");

  // A string over 64 KB (a key, a value, and a skipped value).
  const std::string long_string(70 * 1024, 'a');
  Error long_key = expect_bad_index("{\"weight_map\":{\"" + long_string + "\":\"x.safetensors\"}}", 4096);
  CHECK(long_key.message.find("longer than") != std::string::npos);
  expect_bad_index("{\"junk\":\"" + long_string + "\",\"weight_map\":{\"a\":\"x.safetensors\"}}", 4096);
  // Nesting deeper than 64, even inside a skipped value.
  Error deep = expect_bad_index("{\"junk\":" + std::string(100, '[') + std::string(100, ']') + ",\"weight_map\":{\"a\":\"x.safetensors\"}}");
  CHECK(deep.message.find("nesting") != std::string::npos);
  auto ok_depth = parse_in_chunks("{\"junk\":" + std::string(60, '[') + std::string(60, ']') + ",\"weight_map\":{\"a\":\"x.safetensors\"}}", 7);
  CHECK(ok_depth.ok());
  // More than 10,000 distinct shards.
  std::string many = "{\"weight_map\":{";
  for (int i = 0; i <= 10'000; ++i) many += (i ? "," : "") + std::string("\"t") + std::to_string(i) + "\":\"s" + std::to_string(i) + ".safetensors\"";
  many += "}}";
  Error shards = expect_bad_index(many, 4096);
  CHECK(shards.message.find("10000") != std::string::npos);

  // Wrong types.
  CHECK(expect_bad_index(R"({"weight_map":[]})").path == "$.weight_map");
  CHECK(expect_bad_index(R"({"weight_map":"x.safetensors"})").path == "$.weight_map");
  CHECK(expect_bad_index(R"({"weight_map":{"a":5}})").path == "$.weight_map['a']");
  CHECK(expect_bad_index(R"({"weight_map":{"a":{"f":"x.safetensors"}}})").path == "$.weight_map['a']");
  CHECK(expect_bad_index(R"({"weight_map":{"a":null}})").path == "$.weight_map['a']");
  CHECK(expect_bad_index(R"({"metadata":{"total_size":-1},"weight_map":{"a":"x.safetensors"}})").path == "$.metadata.total_size");
  CHECK(expect_bad_index(R"({"metadata":{"total_size":"12"},"weight_map":{"a":"x.safetensors"}})").path == "$.metadata.total_size");
  CHECK(expect_bad_index(R"({"metadata":{"total_size":1.5},"weight_map":{"a":"x.safetensors"}})").path == "$.metadata.total_size");
  CHECK(expect_bad_index(R"({"metadata":{"total_size":99999999999999999999999},"weight_map":{"a":"x.safetensors"}})").path ==
        "$.metadata.total_size");
  expect_bad_index(R"({"metadata":[],"weight_map":{"a":"x.safetensors"}})");
  // Missing or empty weight_map.
  expect_bad_index(R"({"metadata":{}})");
  expect_bad_index(R"({"weight_map":{}})");
  // Syntax: array root, non-JSON, truncated, trailing data, bad escapes and numbers, raw control chars.
  CHECK(expect_bad_index(R"([{"weight_map":{}}])").path == "$");
  expect_bad_index("\x89PNG\r\n\x1a\n");
  expect_bad_index("");
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors"})");
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors"}} {})");
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors"}} x)");
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors",}})");
  expect_bad_index(R"({"weight_map":{"a" "x.safetensors"}})");
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors"},})");
  expect_bad_index(R"({"weight_map":{"a\q":"x.safetensors"}})");
  expect_bad_index(R"({"weight_map":{"a\u12":"x.safetensors"}})");
  expect_bad_index(R"({"weight_map":{"\ud800":"x.safetensors"}})");
  expect_bad_index(R"({"weight_map":{"\ud800\u0041":"x.safetensors"}})");
  expect_bad_index(R"({"weight_map":{"\udc00":"x.safetensors"}})");
  expect_bad_index("{\"weight_map\":{\"a\tb\":\"x.safetensors\"}}");
  expect_bad_index("{\"weight_map\":{\"\xff\":\"x.safetensors\"}}");
  expect_bad_index(R"({"x":01,"weight_map":{"a":"x.safetensors"}})");
  expect_bad_index(R"({"x":1.,"weight_map":{"a":"x.safetensors"}})");
  expect_bad_index(R"({"x":-,"weight_map":{"a":"x.safetensors"}})");
  expect_bad_index(R"({"x":tru,"weight_map":{"a":"x.safetensors"}})");
  expect_bad_index(R"({"x":nulll,"weight_map":{"a":"x.safetensors"}})");
  expect_bad_index(R"({"weight_map":{"a":"x.safetensors"}]})");
}

TEST_CASE("shard index: after an error every call returns it", "[safetensors][index][hostile]") {
  ShardIndexParser p;
  REQUIRE(p.feed("{\"weight_map\":{\"a\":\"../x.safetensors\"").ok() == false);
  auto again = p.feed("}}");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().path == "$.weight_map['a']");
  auto fin = p.finish();
  REQUIRE_FALSE(fin.ok());
  CHECK(fin.error().path == "$.weight_map['a']");
}
