// End-to-end tests of `khabar serve`: a server on an ephemeral loopback port over a small corpus
// built here, hit with httplib::Client and raw sockets.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "khabar/server.h"
#include "khabar/store.h"
#include "server/html.h"
#include "server/static_files.h"

namespace khabar::server {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// Fixture articles (written for this test; docs/api.md's examples are answers over this corpus).
// kAswanA and kAswanB are one wire story run by two outlets.
constexpr const char* kAswanA = "3f1c9a2b7d4e5f60718293a4b5c6d7e8";
constexpr const char* kAswanB = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
constexpr const char* kBank = "0b1c2d3e4f5a69788796a5b4c3d2e1f0";
constexpr const char* kXss = "c0ffee00c0ffee00c0ffee00c0ffee00";

ArticleRecord Record(std::string id, std::string site, std::string url, std::string path,
                     std::string title, std::string published,
                     std::vector<std::string> paragraphs) {
  ArticleRecord r;
  r.id = std::move(id);
  r.source.site = std::move(site);
  r.source.url = std::move(url);
  r.source.path = std::move(path);
  r.source.encoding = "UTF-8";
  r.title = std::move(title);
  r.published = std::move(published);
  r.paragraphs = std::move(paragraphs);
  return r;
}

EntityMention Mention(size_t paragraph, size_t begin, std::string text, std::string type,
                      std::string id, std::string label_en) {
  EntityMention m;
  m.paragraph = paragraph;
  m.begin = begin;
  m.end = begin + text.size() / 2;  // Arabic letters: two bytes each
  m.text = std::move(text);
  m.type = std::move(type);
  m.id = std::move(id);
  m.label_en = std::move(label_en);
  m.confidence = 0.9;
  m.source = "model";
  return m;
}

void AddEntities(ArticleRecord* r, std::vector<EntityMention> mentions) {
  for (const EntityMention& m : mentions) {
    r->entity_counts.push_back({m.id, m.text, m.type, m.label_en, m.qid, 1});
  }
  r->entities = std::move(mentions);
}

std::vector<ArticleRecord> FixtureRecords() {
  const std::vector<std::string> aswan = {
      "افتتح محافظ أسوان صباح اليوم محطة جديدة لمياه الشرب في قرية الحجز بطاقة مئتي لتر في الثانية "
      "لخدمة نحو أربعين ألف نسمة من أهالي القرية والقرى المجاورة لها.",
      "وقال المحافظ خلال جولته إن المحطة تكلفت خمسة وثلاثين مليون جنيه وإنها جزء من خطة المحافظة "
      "لتوصيل مياه الشرب النقية إلى كل القرى قبل نهاية العام المقبل.",
      "وأضاف أن المحافظة تعمل على تطوير شبكات الصرف الصحي في القرى نفسها بالتعاون مع وزارة الإسكان "
      "وأن أعمال المرحلة الثانية تبدأ الشهر المقبل."};
  std::vector<std::string> aswan_b = aswan;
  aswan_b[0] =
      "افتتح محافظ أسوان صباح اليوم الأحد محطة جديدة لمياه الشرب في قرية الحجز بطاقة مئتي "
      "لتر في الثانية لخدمة نحو أربعين ألف نسمة من أهالي القرية والقرى المجاورة لها.";
  std::vector<ArticleRecord> out;
  out.push_back(Record(kAswanA, "youm7.com", "https://www.youm7.com/story/2023/1/22/aswan", "",
                       "محافظ أسوان يفتتح محطة مياه جديدة بقرية الحجز", "2023-01-22T11:10+02:00",
                       aswan));
  AddEntities(&out.back(),
              {Mention(0, 12, "أسوان", "LOC", "aswan", "Aswan"),
               Mention(2, 62, "وزارة الإسكان", "ORG", "housing", "Ministry of Housing")});
  out.push_back(Record(kAswanB, "masrawy.com", "https://www.masrawy.com/news/aswan-water", "",
                       "افتتاح محطة مياه الشرب في قرية الحجز بأسوان", "2023-01-22T13:45+02:00",
                       aswan_b));
  AddEntities(&out.back(), {Mention(0, 12, "أسوان", "LOC", "aswan", "Aswan")});
  out.push_back(Record(
      kBank, "alrai.com", "", "dumps/alrai/bank.txt", "البنك المركزي يثبت أسعار الفائدة",
      "2023-02-05T16:00+03:00",
      {"قرر البنك المركزي في اجتماعه الدوري تثبيت أسعار الفائدة الأساسية دون تغيير للمرة الثالثة "
       "على التوالي مع متابعة معدلات التضخم.",
       "وأوضح البيان أن لجنة السياسة النقدية ستراجع القرار في اجتماعها المقبل."}));
  AddEntities(&out.back(), {Mention(0, 4, "البنك المركزي", "ORG", "cbe", "Central Bank")});
  out.push_back(Record(kXss, "example.org", "", "dumps/xss.txt",
                       "<img src=x onerror=alert(1)> بيان \"الوزارة\" & 'الحكومة'", "2022-12-01",
                       {"أصدرت الحكومة بيانا عن <script>alert('x')</script> خطة المياه الجديدة."}));
  return out;
}

std::string Encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Percent-encodes the non-ASCII bytes and spaces of a path-and-query written for people.
std::string EncodeTarget(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x80 || c == ' ' || c == '"') {
      out += Encode(std::string(1, static_cast<char>(c)));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Sends `request` verbatim and returns the status code of the answer (0 when none).
int RawStatus(int port, const std::string& request, std::string* response = nullptr) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return 0;
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string reply;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
    reply.append(buf, static_cast<size_t>(n));
    if (reply.find("\r\n\r\n") != std::string::npos) {
      // Headers are in; with Content-Length we can stop once the body is complete.
      const size_t header_end = reply.find("\r\n\r\n") + 4;
      const size_t cl = reply.find("Content-Length: ");
      if (cl != std::string::npos && cl < header_end) {
        const size_t length = std::strtoul(reply.c_str() + cl + 16, nullptr, 10);
        if (reply.size() >= header_end + length) break;
      }
    }
  }
  close(fd);
  if (response) *response = reply;
  if (reply.size() < 12 || !reply.starts_with("HTTP/1.1 ")) return 0;
  return std::atoi(reply.c_str() + 9);
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("khabar_server_test_" + std::to_string(getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_ / "web" / "assets");
    const std::string db = (*dir_ / "corpus.db").string();
    {
      auto corpus = store::Corpus::Open(db);
      ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();
      ASSERT_TRUE((*corpus)->BeginBatch().ok());
      for (const ArticleRecord& r : FixtureRecords()) ASSERT_TRUE((*corpus)->Put(r).ok());
      ASSERT_TRUE((*corpus)->CommitBatch().ok());
    }
    auto write = [](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
    write(*dir_ / "web" / "index.html", "<!doctype html><title>khabar ui</title>");
    write(*dir_ / "web" / "assets" / "index-4f3a2b1c.js", "console.log('ui');");
    write(*dir_ / "web" / "style.css", "body{}");
    write(*dir_ / "secret.txt", "outside the web root");
    fs::create_directory_symlink(*dir_, *dir_ / "web" / "escape");

    ServerOptions options;
    options.db = db;
    options.port = 0;
    options.threads = 4;
    options.web_dir = (*dir_ / "web").string();
    options.max_request_bytes = 4096;
    auto server = Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    fs::remove_all(*dir_);
    delete dir_;
  }

  httplib::Result Get(const std::string& target) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_url_encode(false);
    return client.Get(target);
  }
  // GET `target`, expecting `status` and a JSON body.
  json GetJson(const std::string& target, int status = 200) {
    httplib::Result res = Get(target);
    EXPECT_TRUE(res) << target;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << target << "\n" << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << target;
    json j = json::parse(res->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << target << ": " << res->body;
    if (status >= 400 && !j.is_discarded()) {
      EXPECT_EQ(j["error"]["status"], status) << target;
      EXPECT_TRUE(j["error"]["message"].is_string()) << target;
    }
    return j;
  }

  static fs::path* dir_;
  static Server* server_;
};
fs::path* ServerTest::dir_ = nullptr;
Server* ServerTest::server_ = nullptr;

TEST_F(ServerTest, Health) {
  json j = GetJson("/api/health");
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["articles"], 4);
  EXPECT_EQ(j["schema_version"], store::kSchemaVersion);
}

TEST_F(ServerTest, SearchHighlightsAndPages) {
  json j = GetJson("/api/search?q=" + Encode("محطة مياه") + "&all=1");
  ASSERT_EQ(j["total"], 2);
  ASSERT_EQ(j["hits"].size(), 2u);
  EXPECT_EQ(j["next_offset"], nullptr);
  for (const json& hit : j["hits"]) {
    const std::string title = hit["title"], html = hit["title_html"];
    EXPECT_EQ(title.find('\x02'), std::string::npos);
    EXPECT_NE(html.find("<mark>"), std::string::npos) << html;
    EXPECT_NE(hit["snippet_html"].get<std::string>().find("<mark>"), std::string::npos);
    EXPECT_EQ(hit["story_size"], 2);
  }
  // Collapsed: one article per story.
  j = GetJson("/api/search?q=" + Encode("محطة مياه"));
  EXPECT_EQ(j["total"], 1);
  // Paging.
  j = GetJson("/api/search?q=" + Encode("مياه") + "&all=1&limit=1");
  EXPECT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["rank"], 1);
  EXPECT_EQ(j["next_offset"], 1);
  j = GetJson("/api/search?q=" + Encode("مياه") + "&all=1&limit=1&offset=1");
  EXPECT_EQ(j["hits"][0]["rank"], 2);
  j = GetJson("/api/search?q=" + Encode("مياه") + "&all=1&offset=50");
  EXPECT_TRUE(j["hits"].empty());
  EXPECT_EQ(j["total"], 3);
}

// Search answers are written without a JSON DOM (api.cc, JsonWriter): each must be, byte for
// byte, what nlohmann::json writes for the same document (sorted keys, its escapes and numbers).
TEST_F(ServerTest, SearchAnswersAreCanonicalJson) {
  const std::vector<std::string> targets = {
      "/api/search?q=" + Encode("مياه") + "&all=1&facets=1",
      "/api/search?q=" + Encode("محطة مياه") + "&limit=1",
      "/api/search?q=" + Encode("الحكومة"),  // quotes, <, & and ' in the title
      "/api/search?entity=aswan&all=1&limit=1",
      "/api/search?q=" + Encode("مياه") + "&offset=50",
      "/api/search?q=" + Encode("لا_توجد_كلمة"),
      // Echoed values with what JSON escapes: quote, backslash, tab, newline.
      "/api/search?q=" + Encode("مياه") + "&source=" + Encode("a\"b\\c\td\ne") +
          "&from=2020&to=2024-12-31",
  };
  for (const std::string& target : targets) {
    httplib::Result res = Get(target);
    ASSERT_TRUE(res) << target;
    ASSERT_EQ(res->status, 200) << target << "\n" << res->body;
    const json parsed = json::parse(res->body, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << res->body;
    EXPECT_EQ(res->body, parsed.dump(-1, ' ', false, json::error_handler_t::replace)) << target;
  }
}

// Highlighted titles and snippets are written straight into the answer (JsonWriter::Marked in
// api.cc); text with what JSON escapes (backslash, quote, tab, a control character) takes the
// escaping path and must still be exactly what nlohmann's dump() writes.
TEST_F(ServerTest, HighlightsWithJsonEscapesAreCanonical) {
  const fs::path db = *dir_ / "escapes.db";
  fs::copy_file(*dir_ / "corpus.db", db, fs::copy_options::overwrite_existing);
  {
    auto writer = store::Corpus::Open(db.string());
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)
                    ->Put(Record("aaaabbbbccccddddeeeeffff00003333", "example.org", "",
                                 "dumps/escapes.txt", "سد \\ \"الصحراء\"\tالجديد", "2023-03-01",
                                 {"قال مهندس إن سد\tالصحراء \\ \"الجديد\" \x01يكتمل قريبا."}))
                    .ok());
  }
  ServerOptions options;
  options.db = db.string();
  options.port = 0;
  options.threads = 1;
  options.cache_bytes = 0;
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  client.set_url_encode(false);
  httplib::Result res = client.Get("/api/search?q=" + Encode("الصحراء"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json parsed = json::parse(res->body, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << res->body;
  EXPECT_EQ(res->body, parsed.dump(-1, ' ', false, json::error_handler_t::replace));
  ASSERT_EQ(parsed["hits"].size(), 1u);
  const json& hit = parsed["hits"][0];
  EXPECT_EQ(hit["title"], "سد \\ \"الصحراء\"\tالجديد");
  EXPECT_EQ(hit["title_html"], "سد \\ &quot;<mark>الصحراء</mark>&quot;\tالجديد");
  const std::string snippet = hit["snippet"], snippet_html = hit["snippet_html"];
  EXPECT_NE(snippet.find("\t"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("\\ \""), std::string::npos) << snippet;
  EXPECT_NE(snippet_html.find("\\ &quot;"), std::string::npos) << snippet_html;
  EXPECT_NE(snippet_html.find("<mark>"), std::string::npos) << snippet_html;
  (*server)->Stop();
}

TEST_F(ServerTest, SearchFilters) {
  const std::string q = "/api/search?all=1&q=" + Encode("مياه");
  json j = GetJson(q + "&source=masrawy.com");
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["id"], kAswanB);
  EXPECT_EQ(j["hits"][0]["source"]["url"], "https://www.masrawy.com/news/aswan-water");
  j = GetJson(q + "&source=masrawy.com&source=example.org");
  EXPECT_EQ(j["hits"].size(), 2u);
  j = GetJson(q + "&source=dumps/");
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["source"]["path"], "dumps/xss.txt");
  j = GetJson(q + "&from=2023-01&to=2023-01-22");
  EXPECT_EQ(j["total"], 2);
  j = GetJson(q + "&to=2022");
  ASSERT_EQ(j["total"], 1);
  EXPECT_EQ(j["hits"][0]["id"], kXss);
}

TEST_F(ServerTest, HtmlIsEscaped) {
  json j = GetJson("/api/search?q=" + Encode("الحكومة"));
  ASSERT_EQ(j["hits"].size(), 1u);
  const std::string title = j["hits"][0]["title_html"], snippet = j["hits"][0]["snippet_html"];
  EXPECT_EQ(title,
            "&lt;img src=x onerror=alert(1)&gt; بيان &quot;الوزارة&quot; &amp; "
            "&#39;<mark>الحكومة</mark>&#39;");
  EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;script&gt;"), std::string::npos) << snippet;
  EXPECT_EQ(j["hits"][0]["title"], "<img src=x onerror=alert(1)> بيان \"الوزارة\" & 'الحكومة'");
}

TEST_F(ServerTest, MarkersRenderBalanced) {
  EXPECT_EQ(MarkedToHtml("a\x02<b>\x03 c"), "a<mark>&lt;b&gt;</mark> c");
  EXPECT_EQ(MarkedToHtml("\x03x\x02y"), "x<mark>y</mark>");
  EXPECT_EQ(MarkedToHtml("\x02\x02x\x03\x03\x01"), "<mark>x</mark>");
  EXPECT_EQ(MarkedToPlain("a\x02"
                          "b\x03"),
            "ab");
}

// MarkedToHtml and MarkedToPlain step over eight bytes at a time where none needs care: the same
// output as byte by byte, for specials and markers at every offset of a word.
TEST(HtmlTest, WordAtATimeScanningGivesTheBytewiseOutput) {
  auto bytewise_html = [](std::string_view marked) {
    std::string out;
    bool open = false;
    for (char c : marked) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        case '\x02':
          if (!open) out += "<mark>";
          open = true;
          break;
        case '\x03':
          if (open) out += "</mark>";
          open = false;
          break;
        default:
          if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
      }
    }
    if (open) out += "</mark>";
    return out;
  };
  auto bytewise_plain = [](std::string_view marked) {
    std::string out;
    for (char c : marked) {
      if (c != '\x02' && c != '\x03') out += c;
    }
    return out;
  };
  const std::vector<std::string> pieces = {"ال", "حكومة", " ",        "&",  "<",  ">",    "\"",
                                           "'",  "\x02",  "\x03",     "\t", "\n", "\x01", "\x1f",
                                           "x",  "\x7f",  "\xc3\xa9", "?",  "=",  "\x04"};
  uint32_t seed = 12345;
  auto next = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  size_t checked = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const size_t n = next() % 40;
    for (size_t i = 0; i < n; ++i) {
      // Mostly long plain runs, so that whole words are skipped too.
      text += next() % 3 == 0 ? pieces[next() % pieces.size()] : std::string("الوزارة ");
    }
    ASSERT_EQ(MarkedToHtml(text), bytewise_html(text)) << text;
    ASSERT_EQ(MarkedToPlain(text), bytewise_plain(text)) << text;
    ++checked;
  }
  EXPECT_EQ(checked, 4000u);
}

TEST_F(ServerTest, BadParametersAre400Json) {
  const std::string q = "q=" + Encode("مياه");
  for (const std::string& target : std::vector<std::string>{
           std::string("/api/search"),
           "/api/search?q=",
           "/api/search?" + q + "&limit=0",
           "/api/search?" + q + "&limit=101",
           "/api/search?" + q + "&limit=abc",
           "/api/search?" + q + "&limit=-1",
           "/api/search?" + q + "&limit=99999999999999999999999",
           "/api/search?" + q + "&offset=100001",
           "/api/search?" + q + "&from=2023-13x",
           "/api/search?" + q + "&from=22",
           "/api/search?" + q + "&to=2023/01/01",
           "/api/search?" + q + "&all=yes",
           "/api/search?" + q + "&source=",
           "/api/search?" + q + "&sort=date",
           "/api/search?" + q + "&q=" + Encode("محطة"),
           "/api/search?q=%FF%FE",
           "/api/search?q=%C0%AF",
           "/api/search?q=%ED%A0%80",
           "/api/search?%FF=1&" + q,
           "/api/search?q=a%00b",
           "/api/search?q=" + Encode("مياه\x01"),
           "/api/search?" + q + "&source=a%00",
           "/api/search?q=" + Encode("\"unbalanced"),
           "/api/search?q=" + Encode("-مياه"),
           "/api/search?q=" + Encode("OR"),
           "/api/search?q=" + Encode("!!! ..."),
           "/api/search?q=" +
               [] {  // more than 64 items
                 std::string many;
                 for (int i = 0; i < 70; ++i) many += "ab+";
                 return many;
               }(),
           "/api/health?x=1",
           "/api/articles/..%2Fsecret",
           "/api/articles/abc'%20OR%201=1",
           "/api/articles/" + std::string(200, 'a'),
           "/api/stories?limit=0",
           "/api/stories/%00",
       }) {
    json j = GetJson(target, 400);
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << target;
    // The API's own message, not the generic reason phrase that replaced it (the error handler
    // took a body given by a content provider for none).
    EXPECT_NE(j["error"]["message"], "bad request") << target;
  }
  EXPECT_EQ(GetJson("/api/search?q=" + Encode("\"unbalanced"), 400)["error"]["message"],
            "unbalanced quote in query");
  EXPECT_EQ(GetJson("/api/search?q=" + Encode("مياه") + "&from=2023-13", 400)["error"]["message"],
            "from must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
}

TEST_F(ServerTest, HostileQueriesNeverFail) {
  // SQL- and FTS5-looking text, odd Unicode: either results or a 400, never a 500.
  for (const std::string& q : std::vector<std::string>{
           std::string("'; DROP TABLE articles; --"),
           std::string("\" OR 1=1 --"),
           std::string("مياه) OR (1=1"),
           std::string("NEAR(a b) title:x ^y"),
           std::string("\xE2\x80\x8F\xE2\x80\xAE مياه \xD9\x8B\xD9\x8B"),
           std::string("\xF0\x9F\x98\x80 \xEF\xBB\xBF"),
           std::string("a*b* *"),
           std::string(900, '*'),
       }) {
    httplib::Result res = Get("/api/search?q=" + Encode(q));
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->status == 200 || res->status == 400) << q << ": " << res->status;
    EXPECT_EQ(res->body.find("SQL"), std::string::npos);
    EXPECT_EQ(res->body.find("sqlite"), std::string::npos);
  }
  EXPECT_EQ(GetJson("/api/health")["articles"], 4);
}

TEST_F(ServerTest, Article) {
  json j = GetJson(std::string("/api/articles/") + kAswanA);
  EXPECT_EQ(j["article"]["id"], kAswanA);
  EXPECT_EQ(j["article"]["title"], "محافظ أسوان يفتتح محطة مياه جديدة بقرية الحجز");
  EXPECT_EQ(j["article"]["paragraphs"].size(), 3u);
  EXPECT_EQ(j["article"]["source"]["site"], "youm7.com");
  ASSERT_EQ(j["article"]["entities"].size(), 2u);
  EXPECT_EQ(j["article"]["entities"][0]["text"], "أسوان");
  EXPECT_EQ(j["article"]["entities"][0]["begin"], 12);
  ASSERT_EQ(j["duplicates"].size(), 1u);
  EXPECT_EQ(j["duplicates"][0]["id"], kAswanB);
  GetJson("/api/articles/00000000000000000000000000000000", 404);
  GetJson("/api/no-such-endpoint", 404);
}

TEST_F(ServerTest, Stories) {
  json j = GetJson("/api/stories");
  ASSERT_EQ(j["stories"].size(), 1u);
  const json& s = j["stories"][0];
  EXPECT_EQ(s["size"], 2);
  EXPECT_EQ(s["id"], kAswanA);
  EXPECT_EQ(s["outlets"], json({"youm7.com", "masrawy.com"}));
  EXPECT_EQ(GetJson("/api/stories?min_size=1&limit=10")["stories"].size(), 3u);

  j = GetJson(std::string("/api/stories/") + kAswanB);
  EXPECT_EQ(j["size"], 2);
  EXPECT_EQ(j["outlets"], json({"youm7.com", "masrawy.com"}));  // time order
  ASSERT_EQ(j["articles"].size(), 2u);
  EXPECT_EQ(j["articles"][0]["id"], kAswanA);
  EXPECT_EQ(j["first_published"], "2023-01-22T11:10+02:00");
  EXPECT_EQ(j["last_published"], "2023-01-22T13:45+02:00");
  GetJson("/api/stories/ffffffffffffffffffffffffffffffff", 404);
}

TEST_F(ServerTest, MethodsAndSizes) {
  httplib::Client client("127.0.0.1", server_->port());
  auto post = client.Post("/api/search", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD, OPTIONS");
  auto big = client.Post("/api/search", std::string(100000, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(json::parse(big->body)["error"]["status"], 413);
  // Headers beyond max_request_bytes.
  httplib::Headers headers = {{"X-Filler", std::string(5000, 'y')}};
  auto fat = client.Get("/api/health", headers);
  ASSERT_TRUE(fat);
  EXPECT_EQ(fat->status, 413);
  // A request line beyond httplib's 8 KiB limit.
  std::string reply;
  EXPECT_EQ(
      RawStatus(server_->port(),
                "GET /api/search?q=" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
                &reply),
      414);
  EXPECT_NE(reply.find("\"error\""), std::string::npos) << reply;
  auto head = client.Head("/api/health");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  // Garbage instead of HTTP.
  EXPECT_EQ(RawStatus(server_->port(), "\x01\x02\x03 nonsense\r\n\r\n"), 400);
}

TEST_F(ServerTest, StaticFiles) {
  httplib::Result res = Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<!doctype html><title>khabar ui</title>");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");

  res = Get("/assets/index-4f3a2b1c.js");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  res = Get("/style.css");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/css; charset=utf-8");

  // Client-side routes get index.html; missing files with an extension do not.
  for (const char* route : {"/search", "/articles/3f1c9a2b7d4e5f60718293a4b5c6d7e8", "/stories/"}) {
    res = Get(route);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << route;
    EXPECT_EQ(res->body, "<!doctype html><title>khabar ui</title>") << route;
  }
  res = Get("/missing.png");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(ServerTest, NoPathTraversal) {
  const int port = server_->port();
  for (const std::string& path : std::vector<std::string>{
           std::string("/../secret.txt"),
           "/assets/../../secret.txt",
           "/%2e%2e/secret.txt",
           "/%2E%2E/secret.txt",
           "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
           "/..%5csecret.txt",
           "/..\\secret.txt",
           "/index.html%00.png",
           "/%252e%252e/secret.txt",
           "/escape/secret.txt",
           "/.git/config",
           "/%c0%ae%c0%ae/secret.txt",
           "http://evil/../secret.txt",
       }) {
    std::string reply;
    const int status = RawStatus(
        port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &reply);
    EXPECT_TRUE(status == 400 || status == 404) << path << " -> " << status;
    EXPECT_EQ(reply.find("outside the web root"), std::string::npos) << path;
  }
  // Normalized into the root: a client-side route (index.html), nothing outside.
  std::string reply;
  EXPECT_EQ(
      RawStatus(port, "GET //etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &reply),
      200);
  EXPECT_NE(reply.find("khabar ui"), std::string::npos);
  // A symbolic link inside the root that leads back into it is fine.
  EXPECT_EQ(
      RawStatus(port, "GET /escape/web/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      200);
  // The pure path logic.
  EXPECT_EQ(*SafeRelativePath("/a//b/./c"), "a/b/c");
  EXPECT_EQ(*SafeRelativePath("/"), "");
  EXPECT_FALSE(SafeRelativePath("/a/../b").ok());
  EXPECT_FALSE(SafeRelativePath(std::string("/a\0b", 4)).ok());
  EXPECT_FALSE(SafeRelativePath("/a\\b").ok());
  EXPECT_EQ(MimeTypeFor("x/Font.WOFF2"), "font/woff2");
  EXPECT_TRUE(IsImmutableAsset("assets/index-4f3a2b1c.js"));
  EXPECT_FALSE(IsImmutableAsset("index.html"));
}

TEST_F(ServerTest, ConcurrentRequests) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", server_->port());
      for (int i = 0; i < 15; ++i) {
        const std::string target = (i + t) % 3 == 0   ? "/api/search?q=" + Encode("مياه")
                                   : (i + t) % 3 == 1 ? std::string("/api/stories")
                                                      : std::string("/api/articles/") + kBank;
        auto res = client.Get(target);
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 90);
}

TEST_F(ServerTest, StartFailures) {
  ServerOptions o;
  o.port = 0;
  EXPECT_EQ(Server::Start(o).status().code(), Status::Code::kInvalidArgument);  // no db
  o.db = (*dir_ / "missing" / "nothing.db").string();
  EXPECT_FALSE(Server::Start(o).ok());
  o.db = (*dir_ / "secret.txt").string();
  EXPECT_FALSE(Server::Start(o).ok());  // not a khabar corpus
  o.db = (*dir_ / "corpus.db").string();
  o.web_dir = (*dir_ / "no-web").string();
  EXPECT_EQ(Server::Start(o).status().code(), Status::Code::kInvalidArgument);
  o.web_dir = "";
  o.port = server_->port();  // in use
  EXPECT_EQ(Server::Start(o).status().code(), Status::Code::kIoError);
}

TEST_F(ServerTest, WithoutWebUi) {
  ServerOptions o;
  o.db = (*dir_ / "corpus.db").string();
  o.port = 0;
  o.threads = 1;
  auto server = Server::Start(o);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("not built"), std::string::npos);
  EXPECT_NE(res->body.find("/api"), std::string::npos);
  res = client.Get("/search");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = client.Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  (*server)->Stop();
  (*server)->Stop();  // idempotent
}

TEST_F(ServerTest, EntitiesAndStats) {
  json j = GetJson("/api/entities");
  ASSERT_EQ(j["entities"].size(), 3u);
  EXPECT_EQ(j["entities"][0]["id"], "aswan");
  EXPECT_EQ(j["entities"][0]["articles"], 2);
  EXPECT_EQ(GetJson("/api/entities?type=ORG")["entities"].size(), 2u);

  j = GetJson("/api/entities/aswan");
  EXPECT_EQ(j["entity"]["articles"], 2);
  EXPECT_EQ(j["entity"]["type"], "LOC");
  EXPECT_EQ(j["entity"]["first_seen"], "2023-01-22");
  EXPECT_EQ(j["timeline"]["buckets"], json::parse(R"([{"period":"2023-01","count":2}])"));
  ASSERT_EQ(j["co_mentioned"].size(), 1u);
  EXPECT_EQ(j["co_mentioned"][0]["id"], "housing");
  EXPECT_EQ(j["co_mentioned"][0]["count"], 1);
  j = GetJson("/api/entities/aswan?granularity=day&by=pmi&from=2023-02");
  EXPECT_TRUE(j["timeline"]["buckets"].empty());
  GetJson("/api/entities/nobody", 404);

  j = GetJson("/api/stats?granularity=month");
  EXPECT_EQ(j["articles"], 4);
  EXPECT_EQ(j["articles_per_period"]["buckets"],
            json::parse(R"([{"period":"2022-12","count":1},{"period":"2023-01","count":2},)"
                        R"({"period":"2023-02","count":1}])"));
  EXPECT_EQ(j["sources"].size(), 4u);
  EXPECT_EQ(j["top_entities"][0]["id"], "aswan");
  j = GetJson("/api/stats?entity=cbe");
  ASSERT_EQ(j["sources"].size(), 1u);
  EXPECT_EQ(j["sources"][0]["site"], "alrai.com");

  // Search by entity, with facets.
  j = GetJson("/api/search?entity=aswan&all=1");
  EXPECT_EQ(j["total"], 2);
  j = GetJson("/api/search?q=" + Encode("مياه") + "&all=1&facets=1");
  EXPECT_EQ(j["facets"]["sample"], 3);
  EXPECT_EQ(j["facets"]["sources"].size(), 3u);
  EXPECT_EQ(j["facets"]["entities"][0]["id"], "aswan");
  EXPECT_FALSE(GetJson("/api/search?q=" + Encode("مياه")).contains("facets"));

  for (const std::string& bad : std::vector<std::string>{
           "/api/entities?type=PERSON", "/api/entities?limit=0", "/api/entities/aswan?by=fame",
           "/api/entities/aswan?granularity=hour", "/api/entities/a%01b", "/api/stats?from=x",
           "/api/stats?entity=a%0Ab", "/api/search?entity=%7F", "/api/stats?granularity=decade"}) {
    GetJson(bad, 400);
  }
}

// Same shape: objects have the same keys (recursively); arrays compare their first elements.
void ExpectSameShape(const json& documented, const json& actual, const std::string& where) {
  ASSERT_EQ(documented.type_name(), std::string(actual.type_name()))
      << where << ": documented " << documented.dump() << " got " << actual.dump();
  if (documented.is_object()) {
    for (auto it = documented.begin(); it != documented.end(); ++it) {
      ASSERT_TRUE(actual.contains(it.key())) << where << ": missing key " << it.key();
      ExpectSameShape(it.value(), actual[it.key()], where + "." + it.key());
    }
    for (auto it = actual.begin(); it != actual.end(); ++it) {
      EXPECT_TRUE(documented.contains(it.key())) << where << ": undocumented key " << it.key();
    }
  } else if (documented.is_array() && !documented.empty() && !actual.empty()) {
    ExpectSameShape(documented[0], actual[0], where + "[0]");
  }
}

// The result cache: a repeated search is answered from it (same bytes), any difference in the
// parsed query, filters or paging is another entry, and a commit by another connection (an ingest)
// drops every entry before the next answer.
TEST_F(ServerTest, ResultCacheKeysAndInvalidation) {
  const fs::path db = *dir_ / "cached.db";
  fs::copy_file(*dir_ / "corpus.db", db, fs::copy_options::overwrite_existing);
  ServerOptions options;
  options.db = db.string();
  options.port = 0;
  options.threads = 2;
  options.cache_bytes = 1 << 20;
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  client.set_url_encode(false);
  auto get = [&](const std::string& target, std::string* cache) {
    httplib::Result res = client.Get(target);
    EXPECT_TRUE(res) << target;
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << target << "\n" << res->body;
    *cache = res->get_header_value("X-Khabar-Cache");
    return json::parse(res->body);
  };
  const std::string water = "/api/search?q=" + Encode("مياه");
  std::string cache;
  json first = get(water + "&all=1", &cache);
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(first["total"], 3);
  EXPECT_EQ(get(water + "&all=1", &cache), first);
  EXPECT_EQ(cache, "hit");
  // The same parsed request written differently: parameter order, a default made explicit.
  EXPECT_EQ(get("/api/search?all=true&limit=20&q=" + Encode("مياه"), &cache), first);
  EXPECT_EQ(cache, "hit");
  // Other paging, folding, filters or query text: other entries, other answers.
  json page = get(water + "&all=1&limit=1", &cache);
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(page["hits"].size(), 1u);
  EXPECT_EQ(page["next_offset"], 1);
  json second_page = get(water + "&all=1&limit=1&offset=1", &cache);
  EXPECT_EQ(cache, "miss");
  EXPECT_NE(second_page["hits"][0]["id"], page["hits"][0]["id"]);
  EXPECT_EQ(get(water, &cache)["total"], 2);  // folded: one story
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(get(water + "&all=1&source=masrawy.com", &cache)["total"], 1);
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(get(water + "&all=1&source=masrawy.com&source=youm7.com", &cache)["query"]["sources"],
            json::parse(R"(["masrawy.com","youm7.com"])"));
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(get(water + "&all=1&source=youm7.com&source=masrawy.com", &cache)["query"]["sources"],
            json::parse(R"(["youm7.com","masrawy.com"])"));  // echoed in its own order
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(get(water + "&all=1&from=2023-02", &cache)["total"], 0);
  EXPECT_EQ(cache, "miss");
  // A source that embeds what another key would look like still gets its own entry.
  EXPECT_EQ(get(water + "&all=1&source=" + Encode("a3:bcd"), &cache)["total"], 0);
  EXPECT_EQ(get(water + "&all=1&source=a&source=bcd", &cache)["query"]["sources"].size(), 2u);
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(get(water + "&all=1", &cache), first);
  EXPECT_EQ(cache, "hit");

  // An ingest adds a matching article: the next answer sees it.
  ArticleRecord added = FixtureRecords()[2];
  added.id = "aaaabbbbccccddddeeeeffff00001111";
  added.source.path = "dumps/alrai/water.txt";
  added.title = "انقطاع المياه عن أحياء العاصمة";
  {
    auto writer = store::Corpus::Open(db.string());
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->Put(added).ok());
  }
  json after = get(water + "&all=1", &cache);
  EXPECT_EQ(cache, "miss");
  EXPECT_EQ(after["total"], 4);
  EXPECT_EQ(get(water + "&all=1", &cache)["total"], 4);
  EXPECT_EQ(cache, "hit");
  // ...and an update of a stored article (same source, new text) too.
  added.id = "aaaabbbbccccddddeeeeffff00002222";
  added.title = "البنك المركزي يخفض أسعار الفائدة";
  {
    auto writer = store::Corpus::Open(db.string());
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->Put(added).ok());
  }
  EXPECT_EQ(get(water + "&all=1", &cache)["total"], 3);
  EXPECT_EQ(cache, "miss");
  (*server)->Stop();

  // Turned off: every answer is computed.
  options.cache_bytes = 0;
  auto uncached = Server::Start(options);
  ASSERT_TRUE(uncached.ok()) << uncached.status().ToString();
  httplib::Client direct("127.0.0.1", (*uncached)->port());
  for (int i = 0; i < 2; ++i) {
    httplib::Result res = direct.Get(water + "&all=1");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_FALSE(res->has_header("X-Khabar-Cache"));
    EXPECT_EQ(json::parse(res->body)["total"], 3);
  }
}

// Server::Start opens and warms every pooled connection before it listens; those connections keep
// their caches (story ids and sizes, document sizes) only while the corpus is unchanged: an article
// written through another connection is in the next search's answer, folded into its story.
TEST_F(ServerTest, WarmedConnectionsSeeCorpusChanges) {
  const fs::path db = *dir_ / "warmed.db";
  fs::copy_file(*dir_ / "corpus.db", db, fs::copy_options::overwrite_existing);
  ServerOptions options;
  options.db = db.string();
  options.port = 0;
  options.threads = 2;
  options.cache_bytes = 0;  // every answer computed on a pooled connection
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  client.set_url_encode(false);
  auto get = [&](const std::string& target) {
    httplib::Result res = client.Get(target);
    EXPECT_TRUE(res) << target;
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << target << "\n" << res->body;
    return json::parse(res->body);
  };
  auto story_articles = [](const json& answer) {
    size_t n = 0;
    for (const json& hit : answer["hits"]) n += hit["story_size"].get<size_t>();
    return n;
  };
  const std::string water = "/api/search?q=" + Encode("مياه");
  for (int i = 0; i < 3; ++i) {  // the same connection, its caches in use
    EXPECT_EQ(get(water + "&all=1")["total"], 3);
    const json folded = get(water);
    EXPECT_EQ(folded["total"], 2);
    EXPECT_EQ(story_articles(folded), 3u);
  }
  // Another copy of a stored article, from another source: a new article of that story.
  ArticleRecord added = FixtureRecords()[0];
  added.id = "aaaabbbbccccddddeeeeffff00004444";
  added.source.site = "alrai.com";
  added.source.url.clear();
  added.source.path = "dumps/alrai/aswan-water.txt";
  {
    auto writer = store::Corpus::Open(db.string());
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->Put(added).ok());
  }
  EXPECT_EQ(get(water + "&all=1")["total"], 4);
  const json folded = get(water);
  EXPECT_EQ(folded["total"], 2);
  EXPECT_EQ(story_articles(folded), 4u);
}

// docs/api.md's examples (```example blocks: request line, status, JSON answer) are answers over
// this test's corpus: each is replayed and must give the same status and the same JSON shape.
TEST_F(ServerTest, DocumentedExamples) {
  const char* source_dir = std::getenv("KHABAR_SOURCE_DIR");
  const fs::path doc = fs::path(source_dir ? source_dir : "../..") / "docs" / "api.md";
  std::ifstream in(doc);
  ASSERT_TRUE(in) << "cannot read " << doc;
  std::string line;
  int examples = 0;
  while (std::getline(in, line)) {
    if (line != "```example") continue;
    std::string request, status_line, body;
    std::getline(in, request);
    std::getline(in, status_line);
    while (std::getline(in, line) && line != "```") body += line + "\n";
    ASSERT_TRUE(request.starts_with("GET ")) << request;
    const std::string target = EncodeTarget(request.substr(4));
    SCOPED_TRACE(request);
    const int status = std::atoi(status_line.c_str());
    httplib::Result res = Get(target);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    if (std::getenv("KHABAR_PRINT_API_EXAMPLES") != nullptr) {  // to refresh docs/api.md
      std::cout << "```example\n"
                << request << "\n"
                << res->status << "\n"
                << json::parse(res->body).dump(2) << "\n```\n\n";
    }
    if (!body.empty()) {
      json documented = json::parse(body, nullptr, false);
      ASSERT_FALSE(documented.is_discarded()) << "docs/api.md: bad JSON for " << request;
      ExpectSameShape(documented, json::parse(res->body), "response");
    }
    ++examples;
  }
  EXPECT_GE(examples, 6);
}

}  // namespace
}  // namespace khabar::server
