// pdftotext -tsv's words, from a process that reads one PDF after another: poppler's own word
// list (the one pdftotext prints), without a process start and dynamic linking per file, which
// are a third of pdftotext's time on a report. Built on first use by pdfwords.ts.
//
// In:  "<bytes> <last page>\n" and the PDF's bytes, for each file.
// Out: the page and word rows of pdftotext -tsv (its columns level, page, left, top, width,
//      height, conf, text, at its precision) under a header row, then "E\n"; or "X\t<reason>\n"
//      for a file poppler cannot open.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <charconv>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

static std::string first_error;

static void on_error(const std::string &msg, void *) {
  if (first_error.empty()) first_error = msg;
}

static void put_text(const std::string &s) {
  for (char c : s) std::putchar(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

// A coordinate as printf's %.2f writes it (std::to_chars at a precision is specified so), without
// printf's format parsing, which took a tenth of the time spent printing a page's words.
static void put_number(std::string &out, double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  out.append(buf, r.ptr);
}

// A word's UTF-16 text as UTF-8. poppler's ustring::to_utf8 opens an iconv converter for every
// word (a sixth of the time spent past poppler's own parsing); a word with an unpaired surrogate,
// which iconv stops at, is still left to it.
static void put_word(std::string &out, const poppler::ustring &w) {
  const size_t at = out.size();
  for (size_t i = 0; i < w.size(); i++) {
    unsigned long c = w[i];
    if (c >= 0xdc00 && c < 0xe000) goto fallback;
    if (c >= 0xd800 && c < 0xdc00) {
      if (i + 1 == w.size() || w[i + 1] < 0xdc00 || w[i + 1] >= 0xe000) goto fallback;
      c = 0x10000 + ((c - 0xd800) << 10) + (w[++i] - 0xdc00);
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xc0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xe0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  return;
fallback:
  out.resize(at);
  const poppler::byte_array utf8 = w.to_utf8();
  out.append(utf8.begin(), utf8.end());
}

// A one-page PDF kept open for the process's life: poppler builds its global tables (character
// names, encodings) when the first document opens and frees them when the last one closes, which
// was a twentieth of the time spent per file.
static const char KEEPER[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 1]>>endobj\ntrailer<</Root 1 0 R>>\n";

int main() {
  poppler::set_debug_error_function(on_error, nullptr);
  const std::unique_ptr<poppler::document> keeper(
      poppler::document::load_from_raw_data(KEEPER, static_cast<int>(sizeof KEEPER - 1)));
  unsigned long size = 0;
  int last = 0;
  std::vector<char> data;
  std::string row;
  while (std::scanf("%lu %d", &size, &last) == 2 && std::getchar() == '\n') {
    data.resize(size);
    if (size > 0 && std::fread(data.data(), 1, size, stdin) != size) return 1;
    first_error.clear();
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(data.data(), static_cast<int>(size)));
    if (!doc || doc->is_locked()) {
      std::printf("X\t");
      put_text(doc ? "encrypted" : first_error.empty() ? "cannot open" : first_error);
      std::printf("\n");
    } else {
      std::printf("level\tpage_num\tleft\ttop\twidth\theight\tconf\ttext\n");
      const int pages = doc->pages() < last ? doc->pages() : last;
      for (int p = 0; p < pages; p++) {
        std::unique_ptr<poppler::page> page(doc->create_page(p));
        if (!page) continue;
        const poppler::rectf box = page->page_rect(poppler::media_box);
        std::printf("1\t%d\t0\t0\t%f\t%f\t-1\t###PAGE###\n", p + 1, box.width(), box.height());
        const std::string lead = "5\t" + std::to_string(p + 1) + "\t";
        for (const poppler::text_box &w : page->text_list()) {
          const poppler::rectf r = w.bbox();
          row = lead;
          for (const double v : {r.left(), r.top(), r.width(), r.height()}) {
            put_number(row, v);
            row += '\t';
          }
          row += "100\t";
          const size_t text = row.size();
          put_word(row, w.text());
          for (size_t i = text; i < row.size(); i++)
            if (row[i] == '\t' || row[i] == '\n' || row[i] == '\r') row[i] = ' ';
          row += '\n';
          std::fwrite(row.data(), 1, row.size(), stdout);
        }
      }
      std::printf("E\n");
    }
    std::fflush(stdout);
  }
  return 0;
}
