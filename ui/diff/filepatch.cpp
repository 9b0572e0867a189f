// SPDX-License-Identifier: GPL-3.0-or-later
#include "filepatch.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

QString withoutLineBreak(QByteArrayView bytes)
{
    if (bytes.endsWith('\n'))
        bytes.chop(1);
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    // Invalid UTF-8 shows as replacement characters rather than failing the whole file.
    return QString::fromUtf8(bytes);
}

// A plain function has no tr(): Q_DECLARE_TR_FUNCTIONS gives this file's strings one context
// that lupdate and the translator agree on.
struct FilePatchText
{
    Q_DECLARE_TR_FUNCTIONS(rd::ui::FilePatch)
};

// "All the context there is": more lines than any file the viewer would show.
constexpr int WholeFileContext = 100'000'000;

// One walk over file `index` with `contextLines` of context (-1: the diff's own); `truncated`
// says the line budget stopped it before the end.
Result<FilePatch> walkFile(const git::Diff &diff, qsizetype index, qsizetype maxLines, int contextLines, bool *truncated)
{
    // One walk over the file: its lines and, from the same libgit2 patch, its stats.
    FilePatch patch;
    int hunk = -1;
    auto walked = diff.forEachLine(
        index,
        [&](const git::DiffHunk &h) {
            ++hunk;
            patch.lines.append({PatchLine::Kind::Hunk, h.oldStart, h.newStart, hunk, withoutLineBreak(h.header)});
            return true;
        },
        [&](const git::DiffLine &line) {
            PatchLine::Kind kind = PatchLine::Kind::Context;
            switch (line.origin) {
            case '+': kind = PatchLine::Kind::Added; break;
            case '-': kind = PatchLine::Kind::Removed; break;
            case '\\': kind = PatchLine::Kind::NoNewline; break;
            default: break;
            }
            patch.lines.append({kind, line.oldLine, line.newLine, std::max(hunk, 0),
                                kind == PatchLine::Kind::NoNewline ? FilePatchText::tr("No newline at end of file")
                                                                   : withoutLineBreak(line.content)});
            if (patch.lines.size() <= 2 * maxLines)
                return true;
            *truncated = true; // beyond that it becomes a summary (or, with all context, too long to unfold)
            return false;
        },
        contextLines);
    if (!walked)
        return std::unexpected(walked.error());
    patch.file = *walked;

    const auto summarise = [&](QString text) {
        patch.lines.clear();
        patch.summary = std::move(text);
    };
    if (patch.file.submodule)
        summarise(FilePatchText::tr("Submodule changed."));
    else if (patch.file.binary)
        summarise(FilePatchText::tr("Binary file: %1 bytes before, %2 bytes after.").arg(patch.file.oldSize).arg(patch.file.newSize));
    else if (patch.file.insertions + patch.file.deletions > maxLines)
        summarise(FilePatchText::tr("Large change: %1 lines added, %2 removed. Not shown; use releasedeck-cli diff --patch to read it.")
                      .arg(patch.file.insertions)
                      .arg(patch.file.deletions));
    else if (patch.lines.isEmpty() && patch.file.modeChanged())
        summarise(FilePatchText::tr("Mode changed from %1 to %2.").arg(patch.file.oldMode, 6, 8, QChar(u'0')).arg(patch.file.newMode, 6, 8, QChar(u'0')));
    else if (patch.lines.isEmpty())
        summarise(FilePatchText::tr("No content change."));
    return patch;
}

} // namespace

Result<FilePatch> loadFilePatch(const git::Diff &diff, qsizetype index, qsizetype maxLines, bool fullContext)
{
    if (fullContext) {
        // A file longer than the budget is shown with the diff's own context instead.
        bool truncated = false;
        auto whole = walkFile(diff, index, maxLines, WholeFileContext, &truncated);
        if (!whole || !truncated) {
            if (whole && !whole->isSummary())
                whole->fullContext = true;
            return whole;
        }
    }
    bool truncated = false;
    return walkFile(diff, index, maxLines, -1, &truncated);
}

} // namespace rd::ui
