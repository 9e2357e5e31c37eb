#pragma once
// The files of the `sluice ui` page, compiled into the binary (no CDN, nothing fetched): one
// source file each (ui_page_html.cc, ui_page_css.cc, ui_page_js.cc), the text in a raw string.
#include <string_view>
#include <vector>

namespace sluice::ui {

struct PageFile {
  std::string_view path;  // as requested: "/", "/style.css", "/app.js"
  std::string_view type;  // Content-Type
  std::string_view body;
};

const std::vector<PageFile>& page_files();

extern const std::string_view kIndexHtml;
extern const std::string_view kStyleCss;
extern const std::string_view kAppJs;

}  // namespace sluice::ui
