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

int main() {
  poppler::set_debug_error_function(on_error, nullptr);
  unsigned long size = 0;
  int last = 0;
  std::vector<char> data;
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
        for (const poppler::text_box &w : page->text_list()) {
          const poppler::rectf r = w.bbox();
          std::printf("5\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t100\t", p + 1, r.left(), r.top(), r.width(), r.height());
          const poppler::byte_array utf8 = w.text().to_utf8();
          put_text(std::string(utf8.begin(), utf8.end()));
          std::printf("\n");
        }
      }
      std::printf("E\n");
    }
    std::fflush(stdout);
  }
  return 0;
}
