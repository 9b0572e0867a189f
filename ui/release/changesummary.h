// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "git/changelog.h"
#include "git/diff.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace rd::ui {

// The code side of a promotion: the environment runs `fromCommit` now and will run `toCommit`.
struct ChangeRequest
{
    QString repositoryPath;
    QString fromCommit;        // what the environment runs now (empty: never deployed)
    QString toCommit;          // what it will run
    QStringList paths;         // the artifact's path scope; empty = whole repository

    bool isValid() const { return !repositoryPath.isEmpty() && !toCommit.isEmpty(); }
};

// What a confirmation shows about the code: the commits the change brings (and drops), and
// the changed files with their line counts — bounded, so a promotion across years of history
// still opens at once.
struct ChangeSummary
{
    static constexpr int MaxCommits = 500;
    static constexpr int MaxFiles = 300;

    QList<git::ChangelogEntry> ahead;   // in toCommit, not in fromCommit
    QList<git::ChangelogEntry> behind;  // in fromCommit, not in toCommit: dropped by the change
    QList<git::FileChange> files;       // at most MaxFiles, with counts
    qsizetype fileCount = 0;            // all changed files
    int insertions = 0;                 // over the counted files
    int deletions = 0;
    QString error;                      // one sentence when the code could not be read

    // "7 commits · 12 files changed, +340 −25".
    QString headline() const;
};

// Reads the summary; blocks (libgit2), so call it on a worker thread.
ChangeSummary loadChangeSummary(const ChangeRequest &request);

} // namespace rd::ui
