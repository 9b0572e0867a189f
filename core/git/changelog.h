// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commitinfo.h"
#include "util/error.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace rd::git {

// A "Key: value" line from the end of a commit message (Signed-off-by, Reviewed-by, Fixes, …).
struct Trailer
{
    QString key;
    QString value;
    bool operator==(const Trailer &) const = default;
};

// One commit of a changelog.
struct ChangelogEntry
{
    CommitInfo commit;
    QStringList parents;       // 40-hex ids, first parent first
    QList<Trailer> trailers;

    bool isMerge() const { return parents.size() > 1; }
};

struct ChangelogOptions
{
    QStringList paths;         // only commits that change these files or folders (empty = all)
    int limit = 0;             // at most this many commits (0 = no limit)
};

// The commits reachable from `include` but not from `exclude` (`git log EXCLUDE..INCLUDE`),
// newest first by commit time. With paths, a commit is listed when it changes something under
// them compared with every one of its parents — so a merge appears only when it brings in a
// result none of its parents had (git log's default history simplification, in substance).
[[nodiscard]] Result<QList<ChangelogEntry>> changelog(const QString &repositoryPath, const QString &include,
                                                      const QString &exclude, const ChangelogOptions &options = {});

// What a promotion from SRC to DST would bring (`ahead`: in SRC, not in DST) and what DST has
// that SRC lacks (`behind`: a warning sign — promoting would drop those commits).
struct ChangelogComparison
{
    QList<ChangelogEntry> ahead;
    QList<ChangelogEntry> behind;
};
[[nodiscard]] Result<ChangelogComparison> compareHistories(const QString &repositoryPath, const QString &src,
                                                           const QString &dst, const ChangelogOptions &options = {});

} // namespace rd::git
