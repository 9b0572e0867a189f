// SPDX-License-Identifier: GPL-3.0-or-later
#include "changesummary.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace rd::ui {

QString ChangeSummary::headline() const
{
    if (!error.isEmpty())
        return error;
    const QString commits = ahead.size() >= MaxCommits ? QCoreApplication::translate("ChangeSummary", "%1+ commits").arg(MaxCommits)
                                                       : QCoreApplication::translate("ChangeSummary", "%n commit(s)", nullptr, int(ahead.size()));
    QString text = commits + u" · "_s
        + QCoreApplication::translate("ChangeSummary", "%n file(s) changed", nullptr, int(fileCount))
        + u", +%1 −%2"_s.arg(insertions).arg(deletions);
    if (fileCount > files.size())
        text += QCoreApplication::translate("ChangeSummary", " (counted in the first %1 files)").arg(files.size());
    return text;
}

ChangeSummary loadChangeSummary(const ChangeRequest &request)
{
    ChangeSummary summary;
    if (!request.isValid()) {
        summary.error = QCoreApplication::translate("ChangeSummary", "The version to deploy names no commit, so there is no changelog to show.");
        return summary;
    }
    git::ChangelogOptions options;
    options.paths = request.paths;
    options.limit = ChangeSummary::MaxCommits;
    if (request.fromCommit.isEmpty()) {
        // Never deployed there: every commit up to the new one is new, which is no useful list.
        summary.error = QCoreApplication::translate("ChangeSummary", "First deployment to this environment: every commit up to %1 is new.")
                            .arg(request.toCommit.left(7));
        return summary;
    }
    auto history = git::compareHistories(request.repositoryPath, request.toCommit, request.fromCommit, options);
    if (!history) {
        summary.error = history.error().toString();
        return summary;
    }
    summary.ahead = std::move(history->ahead);
    summary.behind = std::move(history->behind);

    git::DiffOptions diffOptions;
    diffOptions.paths = request.paths;
    auto diff = git::Diff::between(request.repositoryPath, request.fromCommit, request.toCommit, diffOptions);
    if (!diff) {
        summary.error = diff.error().toString();
        return summary;
    }
    summary.fileCount = diff->size();
    const qsizetype counted = std::min<qsizetype>(diff->size(), ChangeSummary::MaxFiles);
    for (qsizetype i = 0; i < counted; ++i) {
        auto file = diff->fileWithStats(i);
        const git::FileChange change = file ? *file : diff->file(i);
        summary.insertions += change.insertions;
        summary.deletions += change.deletions;
        summary.files.append(change);
    }
    return summary;
}

} // namespace rd::ui
