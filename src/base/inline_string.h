// A string kept inside its owner when short (most words): per-thread word caches (the NER tagger's
// token cache, the KB linker's word cache) compare and read an entry without touching other memory.
//
//   InlineString s;
//   s.assign("وزارة");          // 10 bytes: stored inline
//   if (s == word) ...          // one memcmp within the entry
//
// Strings longer than kInline bytes go to the heap. Not thread-safe (owned by one thread's cache).
// Movable, not copyable.
#ifndef KHABAR_BASE_INLINE_STRING_H_
#define KHABAR_BASE_INLINE_STRING_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace khabar {

class InlineString {
 public:
  static constexpr size_t kInline = 44;  // with the size, 48 bytes: most Arabic words fit

  void assign(std::string_view s) {
    size_ = static_cast<uint32_t>(s.size());
    if (s.size() <= kInline) {
      std::memcpy(inline_, s.data(), s.size());
      heap_.reset();
    } else {
      heap_ = std::make_unique<char[]>(s.size());
      std::memcpy(heap_.get(), s.data(), s.size());
    }
  }
  std::string_view view() const {
    return std::string_view(size_ <= kInline ? inline_ : heap_.get(), size_);
  }
  bool operator==(std::string_view s) const {
    return s.size() == size_ &&
           std::memcmp(size_ <= kInline ? inline_ : heap_.get(), s.data(), size_) == 0;
  }

 private:
  uint32_t size_ = 0;
  char inline_[kInline];
  std::unique_ptr<char[]> heap_;
};

}  // namespace khabar

#endif  // KHABAR_BASE_INLINE_STRING_H_
