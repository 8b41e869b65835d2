// Hashing names, and a set of names that finds them (or detects duplicates) without storing the names again.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace hfmi {

// 64-bit FNV-1a followed by the splitmix64 finalizer (spreads FNV's weak low bits).
inline uint64_t hash_name(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

// The names themselves live elsewhere (a tensor list); the set keeps each name's hash and its slot
// there, 16 bytes per name in an open-addressed table. A hash match is confirmed by comparing the
// real names through `same(slot)`, so a 64-bit collision can never fake a duplicate.
class NameSet {
 public:
  // The slot of the name already in for which `same(slot)` is true; else `name` is added at `slot`, and
  // `added` says which.
  template <typename Same>
  size_t find_or_insert(std::string_view name, Same&& same, size_t slot, bool& added) {
    if ((count_ + 1) * 2 > table_.size()) rehash(table_.empty() ? 64 : table_.size() * 2);
    const uint64_t h = cell_hash(name);
    Cell& c = table_[probe(h, same)];
    added = c.hash == 0;
    if (added) {
      c = Cell{h, slot};
      ++count_;
    }
    return c.slot;
  }
  // Adds `name` at `slot`. False (and nothing added) when `same(slot)` is true for a name already in.
  template <typename Same>
  bool insert(std::string_view name, Same&& same, size_t slot) {
    bool added = false;
    find_or_insert(name, same, slot, added);
    return added;
  }
  // The slot of the name for which `same(slot)` is true, or kNone.
  template <typename Same>
  size_t find(std::string_view name, Same&& same) const {
    if (table_.empty()) return kNone;
    const Cell& c = table_[probe(cell_hash(name), same)];
    return c.hash == 0 ? kNone : c.slot;
  }
  static constexpr size_t kNone = SIZE_MAX;
  size_t size() const { return count_; }
  size_t bytes() const { return table_.capacity() * sizeof(Cell); }
  // Room for `n` names in all without rehashing again (one rehash now, at most).
  void reserve(size_t n) {
    size_t cells = table_.empty() ? 64 : table_.size();
    while (cells < n * 2) cells *= 2;
    if (cells != table_.size()) rehash(cells);
  }

 private:
  struct Cell {
    uint64_t hash = 0;
    size_t slot = 0;
  };
  static uint64_t cell_hash(std::string_view name) { return hash_name(name) | 1; }  // 0 marks an empty cell
  // The cell of the name (hash `h`) for which `same(slot)` is true, else the empty cell where it would go. The
  // table is never more than half full, so the probe always ends.
  template <typename Same>
  size_t probe(uint64_t h, Same&& same) const {
    const size_t mask = table_.size() - 1;
    size_t i = static_cast<size_t>(h) & mask;
    while (table_[i].hash != 0 && !(table_[i].hash == h && same(table_[i].slot))) i = (i + 1) & mask;
    return i;
  }
  void rehash(size_t cells) {  // cells: a power of two
    std::vector<Cell> old = std::move(table_);
    table_.assign(cells, Cell{});
    const size_t mask = table_.size() - 1;
    for (const Cell& c : old) {
      if (c.hash == 0) continue;
      size_t i = static_cast<size_t>(c.hash) & mask;
      while (table_[i].hash != 0) i = (i + 1) & mask;
      table_[i] = c;
    }
  }
  std::vector<Cell> table_;
  size_t count_ = 0;
};

}  // namespace hfmi
