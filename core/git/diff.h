// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace rd::git {

// How a file changed between two commits, in git's vocabulary.
enum class ChangeStatus { Added, Deleted, Modified, Renamed, Copied, TypeChange };

// "added", "deleted", "modified", "renamed", "copied", "typechange" (the JSON names).
QString changeStatusName(ChangeStatus status);
// The letter `git diff --name-status` prints: A D M R C T.
QChar changeStatusLetter(ChangeStatus status);

// One file of a diff. Paths are as git stores them (UTF-8 decoded; `rawPath` keeps the bytes).
struct FileChange
{
    QString path;              // the new path (the old one for a deleted file)
    QString oldPath;           // set for renames and copies, else empty
    QByteArray rawPath;        // path bytes, exactly as in the tree
    QByteArray rawOldPath;
    ChangeStatus status = ChangeStatus::Modified;
    int similarity = 0;        // 0…100 for renames and copies
    quint32 oldMode = 0;       // 0 when the side does not exist
    quint32 newMode = 0;
    bool binary = false;       // known after stats or lines were computed
    bool submodule = false;    // a gitlink (mode 160000) on either side
    qint64 oldSize = 0;        // blob sizes, for binary files
    qint64 newSize = 0;
    int insertions = 0;
    int deletions = 0;

    bool modeChanged() const { return oldMode != 0 && newMode != 0 && oldMode != newMode; }
};

// A hunk header: "@@ -oldStart,oldLines +newStart,newLines @@ context".
struct DiffHunk
{
    int oldStart = 0;
    int oldLines = 0;
    int newStart = 0;
    int newLines = 0;
    QByteArrayView header;     // the whole "@@ … @@ …\n" line
};

// One line of a hunk. `origin` is ' ', '+' or '-'; the "\ No newline at end of file" marker
// comes as origin '\\' with the side it belongs to in oldLine/newLine.
struct DiffLine
{
    char origin = ' ';
    int oldLine = -1;          // line numbers from 1, -1 where the side has none
    int newLine = -1;
    QByteArrayView content;    // the line's bytes including its newline, when it has one
};

struct DiffOptions
{
    QStringList paths;         // pathspec: only these files or folders (empty = everything)
    int contextLines = 3;
    bool detectRenames = true; // as git diff with diff.renames=true (its default)
};

// The difference between two commits of one repository. Computed file list first (cheap);
// each file's hunks and lines are produced on demand, one file at a time, so a diff of many
// thousands of files never holds the whole patch in memory. Move-only, one thread at a time:
// it owns its own repository handle.
class Diff
{
public:
    // Changes that turn `oldCommit` into `newCommit` (as `git diff OLD NEW`).
    [[nodiscard]] static Result<Diff> between(const QString &repositoryPath, const QString &oldCommit,
                                              const QString &newCommit, const DiffOptions &options = {});

    Diff(Diff &&) noexcept;
    Diff &operator=(Diff &&) noexcept;
    ~Diff();

    qsizetype size() const;
    // Paths, status, modes and similarity of file `index`; counts stay 0 (no content is read).
    FileChange file(qsizetype index) const;
    // file(index) with insertions, deletions and the binary flag: reads both blobs.
    [[nodiscard]] Result<FileChange> fileWithStats(qsizetype index) const;

    // Streams the hunks and lines of file `index`. A callback returning false stops the walk
    // (cancellation); the views it receives are valid only during the call. Returns the file
    // with its stats, which the walk computes anyway (no second pass over the blobs).
    // `contextLines` >= 0 asks for that many unchanged lines around changes instead of the
    // diff's own (the viewer reads a file with all of them and folds what it does not show).
    [[nodiscard]] Result<FileChange> forEachLine(qsizetype index, const std::function<bool(const DiffHunk &)> &onHunk,
                                                 const std::function<bool(const DiffLine &)> &onLine,
                                                 int contextLines = -1) const;

    // Streams file `index` as `git diff` prints it ("diff --git …" header, hunks), in chunks.
    // Returns the file with its stats, which the patch computes anyway.
    [[nodiscard]] Result<FileChange> writePatch(qsizetype index, const std::function<void(QByteArrayView)> &sink) const;

private:
    struct Handle;
    explicit Diff(std::unique_ptr<Handle> handle);
    std::unique_ptr<Handle> m_handle;
};

} // namespace rd::git
