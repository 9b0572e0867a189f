// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "historyrecord.h"
#include "util/error.h"

#include <QByteArray>

namespace rd::ui {

// History as files people hand to auditors and spreadsheets. JSON has the shape of
// `releasedeck-cli history --json` ({"records": […]}) plus "message" and "elapsed_ms".
// CSV is RFC 4180 (quoted where needed, CRLF), UTF-8; a value that a spreadsheet would run
// as a formula (=, +, -, @ first) gets a leading apostrophe, since versions and messages come
// from registries and remote output.
QByteArray historyToJson(const QList<HistoryRecord> &records);
QByteArray historyToCsv(const QList<HistoryRecord> &records);

// Writes either format to `path` atomically (a failed write leaves no half file).
[[nodiscard]] Result<void> writeHistoryFile(const QString &path, const QByteArray &content);

} // namespace rd::ui
