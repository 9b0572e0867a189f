// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "git/changelog.h"
#include "git/diff.h"

#include <QWidget>
#include <atomic>
#include <memory>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTreeView;
class QTreeWidget;
class QAbstractButton;
class QCheckBox;

namespace rd::ui {

class DiffFilesModel;
class DiffView;

// What to compare: what promoting SRC into DST would change (`git diff DST SRC`).
struct ComparisonRequest
{
    QString repositoryPath;
    QString srcCommit;
    QString dstCommit;
    QString srcLabel;          // "staging (v1.5.1)"
    QString dstLabel;
    QString subject;           // the artifact, or the repository
    QStringList paths;         // the artifact's path scope; empty = whole repository
};

// The difference between two environments: changed files (filterable), the commits SRC would
// bring and those DST has that SRC lacks, and the selected file's diff. Everything is read on
// worker threads; the git diff is kept open for the files a person opens next, and used by one
// job at a time.
class ComparisonView final : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonView(QWidget *parent = nullptr);
    ~ComparisonView() override;

    void compare(const ComparisonRequest &request);
    void showFile(int fileIndex);
    // Unified or side by side; the mode buttons follow.
    void setDiffMode(bool sideBySide);

    DiffView *diffView() const { return m_diffView; }
    DiffFilesModel *filesModel() const { return m_files; }
    QTreeView *fileList() const { return m_fileList; }
    QLineEdit *searchField() const { return m_search; }
    QTreeWidget *commitList() const { return m_commits; }
    QCheckBox *wholeFileOption() const { return m_wholeFile; }
    QLabel *matchLabel() const { return m_matches; }

    // The search runs over every file of the diff, off the GUI thread; next/previous walk into
    // the next/previous file that has a match.
    void findNext(bool backwards = false);
    // Matches counted so far ("3 of 120 in 14 files"); -1 while a file is still being searched.
    int totalMatches() const;
    int filesWithMatches() const;
    // 1-based position of the current match among all of them, 0 when there is none.
    int currentMatchPosition() const;

    struct Session;
    struct Loaded;

Q_SIGNALS:
    void comparisonLoaded(bool ok);
    void fileLoaded(int fileIndex);
    // The +/- counts of all files are in the list (they come after the first file is shown).
    void linesCounted();
    // Every file has been searched for the current search text.
    void searchFinished();

private:
    void showLoaded(quint64 generation, const std::shared_ptr<Loaded> &loaded);
    void fillCommits(QTreeWidget *list, const QList<git::ChangelogEntry> &entries);
    void updateHeader();
    void countAllLines();
    void startSearch(const QString &text);
    void updateMatchLabel();
    void selectFile(int fileIndex);
    struct Tally
    {
        int total = 0;
        int files = 0;
        int position = 0;
        bool complete = false;
    };
    Tally tally() const;

    ComparisonRequest m_request;
    std::shared_ptr<Session> m_session;
    git::ChangelogComparison m_history;
    quint64 m_generation = 0;
    quint64 m_fileGeneration = 0;
    quint64 m_countedGeneration = 0;

    QLabel *m_header;
    QTabWidget *m_tabs;
    DiffFilesModel *m_files;
    QSortFilterProxyModel *m_filter;
    QTreeView *m_fileList;
    QTreeWidget *m_commits;
    QTreeWidget *m_missing;
    QLineEdit *m_search;
    QLabel *m_matches;
    QAbstractButton *m_unified;
    QAbstractButton *m_sideBySide;
    QCheckBox *m_wholeFile;
    int m_shownFile = -1;
    int m_viewFile = -1;       // the file whose patch the diff view holds
    DiffView *m_diffView;

    // The search across files: matches per file (-1: not searched yet), which search is current
    // (a newer one makes the older job stop), and where to land in a file being opened by it.
    QList<int> m_fileMatches;
    int m_searchedFiles = 0;
    std::shared_ptr<std::atomic<quint64>> m_searchGeneration = std::make_shared<std::atomic<quint64>>(0);
    enum class Landing { None, First, Last };
    Landing m_landing = Landing::None;
};

} // namespace rd::ui
