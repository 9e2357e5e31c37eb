#include "sluice/ui/ui_page.h"

namespace sluice::ui {

const std::vector<PageFile>& page_files() {
  static const std::vector<PageFile> files = {
      {"/", "text/html; charset=utf-8", kIndexHtml},
      {"/style.css", "text/css; charset=utf-8", kStyleCss},
      {"/app.js", "text/javascript; charset=utf-8", kAppJs},
  };
  return files;
}

}  // namespace sluice::ui
