// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffsearch.h"

#include "filepatch.h"

namespace rd::ui {

int countMatchesInFile(const git::Diff &diff, qsizetype index, const QString &needle)
{
    if (needle.isEmpty())
        return 0;
    auto patch = loadFilePatch(diff, index, 50'000, true);
    if (!patch)
        return 0;
    int count = 0;
    for (const PatchLine &line : std::as_const(patch->lines)) {
        if (line.kind == PatchLine::Kind::Hunk || line.kind == PatchLine::Kind::NoNewline)
            continue; // notes of the view, not the file's content
        for (qsizetype at = line.text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
             at = line.text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive))
            ++count;
    }
    return count;
}

} // namespace rd::ui
