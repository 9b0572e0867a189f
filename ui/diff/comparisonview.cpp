// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparisonview.h"

#include "difffilesmodel.h"
#include "diffsearch.h"
#include "diffview.h"
#include "filepatch.h"

#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <mutex>

using namespace Qt::StringLiterals;

namespace rd::ui {

// The open diff, shared by the jobs that read files from it one at a time.
struct ComparisonView::Session
{
    std::mutex mutex;
    std::optional<git::Diff> diff;
};

struct ComparisonView::Loaded
{
    std::shared_ptr<Session> session;
    QList<git::FileChange> files;
    git::ChangelogComparison history;
    QString error;
};

namespace {

std::shared_ptr<ComparisonView::Loaded> loadComparison(const ComparisonRequest &request)
{
    auto loaded = std::make_shared<ComparisonView::Loaded>();
    git::DiffOptions options;
    options.paths = request.paths;
    auto diff = git::Diff::between(request.repositoryPath, request.dstCommit, request.srcCommit, options);
    if (!diff) {
        loaded->error = diff.error().toString();
        return loaded;
    }
    // Names and statuses only: counting lines reads every blob, which comes later (see
    // countLines) so the first file is on screen before the counts are.
    loaded->files.reserve(diff->size());
    for (qsizetype i = 0; i < diff->size(); ++i)
        loaded->files.append(diff->file(i));
    git::ChangelogOptions historyOptions;
    historyOptions.paths = request.paths;
    historyOptions.limit = 1000;
    if (auto history = git::compareHistories(request.repositoryPath, request.srcCommit, request.dstCommit, historyOptions))
        loaded->history = std::move(*history);
    loaded->session = std::make_shared<ComparisonView::Session>();
    loaded->session->diff = std::move(*diff);
    return loaded;
}

// The +/- counts of every file, read after the first file is shown.
QList<git::FileChange> countLines(const std::shared_ptr<ComparisonView::Session> &session)
{
    QList<git::FileChange> files;
    const qsizetype count = session->diff->size();
    files.reserve(count);
    for (qsizetype i = 0; i < count; ++i) {
        // The lock per file: a file the person opens meanwhile waits for one file, not all.
        std::lock_guard lock(session->mutex);
        auto file = session->diff->fileWithStats(i);
        files.append(file ? *file : session->diff->file(i));
    }
    return files;
}

// Files searched per job: small enough that a new search text or a file the person opens
// waits little, large enough that the jobs' overhead does not matter.
constexpr qsizetype SearchChunk = 100;

// Match counts of files [first, first + SearchChunk); stops early (shorter list) when a newer
// search has started.
QList<int> searchChunk(const std::shared_ptr<ComparisonView::Session> &session,
                       const std::shared_ptr<std::atomic<quint64>> &current, quint64 generation, const QString &text,
                       qsizetype first)
{
    QList<int> counts;
    std::unique_lock lock(session->mutex);
    const qsizetype end = std::min(session->diff->size(), first + SearchChunk);
    lock.unlock();
    for (qsizetype i = first; i < end && current->load() == generation; ++i) {
        // The lock per file: a file the person opens meanwhile waits for one file, not all.
        lock.lock();
        counts.append(countMatchesInFile(*session->diff, i, text));
        lock.unlock();
    }
    return counts;
}

} // namespace

ComparisonView::ComparisonView(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_files(new DiffFilesModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_fileList(new QTreeView(this))
    , m_commits(new QTreeWidget(this))
    , m_missing(new QTreeWidget(this))
    , m_search(new QLineEdit(this))
    , m_matches(new QLabel(this))
    , m_unified(new QRadioButton(tr("Unified"), this))
    , m_sideBySide(new QRadioButton(tr("Side by side"), this))
    , m_wholeFile(new QCheckBox(tr("Whole file"), this))
    , m_diffView(new DiffView(this))
{
    setObjectName(u"comparisonView"_s);
    m_header->setObjectName(u"comparisonHeader"_s);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setContentsMargins(8, 6, 8, 6);

    // Files: a filter by path over the list.
    m_filter->setSourceModel(m_files);
    m_filter->setFilterKeyColumn(DiffFilesModel::PathColumn);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    auto *pathFilter = new QLineEdit(this);
    pathFilter->setObjectName(u"pathFilter"_s);
    pathFilter->setPlaceholderText(tr("Filter files by path"));
    pathFilter->setClearButtonEnabled(true);
    connect(pathFilter, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
    m_fileList->setObjectName(u"fileList"_s);
    m_fileList->setModel(m_filter);
    m_fileList->setRootIsDecorated(false);
    m_fileList->setUniformRowHeights(true); // thousands of files scroll smoothly
    m_fileList->setAllColumnsShowFocus(true);
    m_fileList->header()->setStretchLastSection(false);
    m_fileList->header()->setSectionResizeMode(DiffFilesModel::PathColumn, QHeaderView::Stretch);
    m_fileList->header()->setSectionResizeMode(DiffFilesModel::StatusColumn, QHeaderView::ResizeToContents);
    m_fileList->header()->setSectionResizeMode(DiffFilesModel::InsertionsColumn, QHeaderView::ResizeToContents);
    m_fileList->header()->setSectionResizeMode(DiffFilesModel::DeletionsColumn, QHeaderView::ResizeToContents);
    connect(m_fileList->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            showFile(current.data(DiffFilesModel::FileIndexRole).toInt());
    });
    auto *filesTab = new QWidget(this);
    auto *filesLayout = new QVBoxLayout(filesTab);
    filesLayout->setContentsMargins(0, 4, 0, 0);
    filesLayout->addWidget(pathFilter);
    filesLayout->addWidget(m_fileList, 1);

    for (QTreeWidget *list : {m_commits, m_missing}) {
        list->setColumnCount(4);
        list->setHeaderLabels({tr("Commit"), tr("Subject"), tr("Author"), tr("Date")});
        list->setRootIsDecorated(false);
        list->setUniformRowHeights(true);
        list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
        list->header()->setStretchLastSection(false);
    }
    m_commits->setObjectName(u"commitList"_s);
    m_missing->setObjectName(u"missingCommitList"_s);
    m_tabs->addTab(filesTab, tr("Files"));
    m_tabs->addTab(m_commits, tr("Commits"));
    m_tabs->addTab(m_missing, tr("Only in target"));

    // Diff pane: mode, search, view.
    auto *modes = new QButtonGroup(this);
    modes->addButton(m_unified);
    modes->addButton(m_sideBySide);
    m_unified->setChecked(true);
    connect(m_unified, &QAbstractButton::toggled, this, [this](bool on) {
        m_diffView->setMode(on ? DiffView::Mode::Unified : DiffView::Mode::SideBySide);
    });
    m_wholeFile->setObjectName(u"wholeFile"_s);
    m_wholeFile->setToolTip(tr("Show the unchanged lines between the changes too, not only three around each "
                               "(each fold also opens on a click)."));
    connect(m_wholeFile, &QCheckBox::toggled, this, [this](bool on) { m_diffView->setFolding(!on); });
    m_search->setObjectName(u"diffSearch"_s);
    m_search->setPlaceholderText(tr("Find in file (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(320);
    m_search->setPlaceholderText(tr("Find in all files (Ctrl+F)"));
    m_matches->setObjectName(u"searchMatches"_s);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_diffView->setSearchText(text);
        m_diffView->findNext();
        startSearch(text);
    });
    connect(m_search, &QLineEdit::returnPressed, this,
            [this] { findNext(QGuiApplication::keyboardModifiers().testFlag(Qt::ShiftModifier)); });
    auto *previousMatch = new QToolButton(this);
    previousMatch->setObjectName(u"searchPrevious"_s);
    previousMatch->setArrowType(Qt::UpArrow);
    previousMatch->setToolTip(tr("Previous match (Shift+F3), in this file or the ones before"));
    connect(previousMatch, &QToolButton::clicked, this, [this] { findNext(true); });
    auto *nextMatch = new QToolButton(this);
    nextMatch->setObjectName(u"searchNext"_s);
    nextMatch->setArrowType(Qt::DownArrow);
    nextMatch->setToolTip(tr("Next match (F3), in this file or the ones after"));
    connect(nextMatch, &QToolButton::clicked, this, [this] { findNext(false); });
    for (const bool backwards : {false, true}) {
        auto *step = new QAction(this);
        step->setShortcut(backwards ? QKeySequence::FindPrevious : QKeySequence::FindNext);
        step->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(step, &QAction::triggered, this, [this, backwards] { findNext(backwards); });
        addAction(step);
    }
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);

    auto *diffPane = new QWidget(this);
    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(6, 4, 6, 4);
    toolbar->addWidget(m_unified);
    toolbar->addWidget(m_sideBySide);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_wholeFile);
    toolbar->addStretch(1);
    toolbar->addWidget(m_matches);
    toolbar->addSpacing(6);
    toolbar->addWidget(m_search);
    toolbar->addWidget(previousMatch);
    toolbar->addWidget(nextMatch);
    auto *diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->setSpacing(0);
    diffLayout->addLayout(toolbar);
    diffLayout->addWidget(m_diffView, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_tabs);
    splitter->addWidget(diffPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({320, 960});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);
}

ComparisonView::~ComparisonView() = default;

void ComparisonView::compare(const ComparisonRequest &request)
{
    m_request = request;
    const quint64 generation = ++m_generation;
    m_header->setText(tr("Comparing %1: %2 → %3…").arg(request.subject.toHtmlEscaped(), request.srcLabel.toHtmlEscaped(),
                                                        request.dstLabel.toHtmlEscaped()));
    ++m_fileGeneration;   // a file job of the previous comparison must not land on this one
    m_session.reset();
    m_files->setFiles({});
    m_shownFile = -1;
    m_viewFile = -1;
    ++*m_searchGeneration; // the old comparison's search stops
    m_fileMatches.clear();
    m_searchedFiles = 0;
    m_landing = Landing::None;
    m_diffView->setPatch({});
    QtConcurrent::run(loadComparison, request).then(this, [this, generation](std::shared_ptr<Loaded> loaded) {
        // Queued: never re-enter compare() when the job finished before .then() attached.
        QMetaObject::invokeMethod(this, [this, generation, loaded] { showLoaded(generation, loaded); }, Qt::QueuedConnection);
    });
}

void ComparisonView::showLoaded(quint64 generation, const std::shared_ptr<Loaded> &loaded)
{
    if (generation != m_generation)
        return;
    if (!loaded->error.isEmpty()) {
        m_header->setText(tr("Cannot compare %1 with %2: %3")
                              .arg(m_request.srcLabel.toHtmlEscaped(), m_request.dstLabel.toHtmlEscaped(), loaded->error.toHtmlEscaped()));
        Q_EMIT comparisonLoaded(false);
        return;
    }
    m_session = loaded->session;
    m_history = loaded->history;
    m_files->setFiles(loaded->files);
    updateHeader();
    fillCommits(m_commits, loaded->history.ahead);
    fillCommits(m_missing, loaded->history.behind);
    m_tabs->setTabText(1, tr("Commits (%1)").arg(loaded->history.ahead.size()));
    m_tabs->setTabText(2, tr("Only in %1 (%2)").arg(m_request.dstLabel.section(u' ', 0, 0), QString::number(loaded->history.behind.size())));
    Q_EMIT comparisonLoaded(true);
    startSearch(m_search->text());
    if (m_filter->rowCount() > 0) {
        m_fileList->setCurrentIndex(m_filter->index(0, DiffFilesModel::PathColumn));
    } else {
        FilePatch nothing;
        nothing.summary = m_request.srcCommit == m_request.dstCommit
                              ? tr("%1 and %2 run the same commit: there is nothing to promote.").arg(m_request.srcLabel, m_request.dstLabel)
                              : tr("No file differs between %1 and %2.").arg(m_request.srcLabel, m_request.dstLabel);
        m_diffView->setPatch(nothing);
        countAllLines();
    }
}

void ComparisonView::countAllLines()
{
    const quint64 generation = m_generation;
    if (m_countedGeneration == generation)
        return;
    m_countedGeneration = generation;
    QtConcurrent::run(countLines, m_session).then(this, [this, generation](QList<git::FileChange> files) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, files = std::move(files)] {
                if (generation != m_generation)
                    return;
                m_files->setCounts(files);
                updateHeader();
                Q_EMIT linesCounted();
            },
            Qt::QueuedConnection);
    });
}

void ComparisonView::setDiffMode(bool sideBySide)
{
    (sideBySide ? m_sideBySide : m_unified)->setChecked(true); // toggled() switches the view
}

void ComparisonView::updateHeader()
{
    int insertions = 0, deletions = 0;
    bool counted = false;
    for (const git::FileChange &file : m_files->files()) {
        insertions += file.insertions;
        deletions += file.deletions;
        counted = counted || file.insertions || file.deletions || file.binary;
    }
    QString header = tr("<b>%1</b>: promoting <b>%2</b> into <b>%3</b> changes %n file(s)", nullptr, int(m_files->rowCount()))
                         .arg(m_request.subject.toHtmlEscaped(), m_request.srcLabel.toHtmlEscaped(), m_request.dstLabel.toHtmlEscaped());
    if (counted)
        header += u", <span style='color:#2e7d32'>+%1</span> <span style='color:#c62828'>−%2</span>"_s.arg(insertions).arg(deletions);
    header += tr(", in %n commit(s).", nullptr, int(m_history.ahead.size()));
    if (!m_history.behind.isEmpty())
        header += u" <span style='color:#c27c00'><b>"_s
                  + tr("%1 has %n commit(s) that %2 lacks: promoting would drop them.", nullptr, int(m_history.behind.size()))
                        .arg(m_request.dstLabel.toHtmlEscaped(), m_request.srcLabel.toHtmlEscaped())
                  + u"</b></span>"_s;
    m_header->setText(header);
}

void ComparisonView::fillCommits(QTreeWidget *list, const QList<git::ChangelogEntry> &entries)
{
    list->clear();
    QList<QTreeWidgetItem *> items;
    for (const git::ChangelogEntry &entry : entries) {
        auto *item = new QTreeWidgetItem({entry.commit.shortId(), entry.commit.subject, entry.commit.author,
                                          entry.commit.time.toString(u"yyyy-MM-dd HH:mm"_s)});
        item->setToolTip(1, entry.commit.body.isEmpty() ? entry.commit.subject : entry.commit.subject + u"\n\n"_s + entry.commit.body);
        item->setFont(0, QFontDatabase::systemFont(QFontDatabase::FixedFont));
        if (entry.isMerge())
            item->setText(1, tr("Merge: %1").arg(entry.commit.subject));
        items.append(item);
    }
    list->addTopLevelItems(items);
}

void ComparisonView::showFile(int fileIndex)
{
    if (!m_session)
        return;
    const quint64 generation = ++m_fileGeneration;
    m_shownFile = fileIndex;
    auto session = m_session;
    // With every unchanged line: the view folds them, and unfolds on a click or "Whole file".
    QtConcurrent::run([session, fileIndex]() -> Result<FilePatch> {
        std::lock_guard lock(session->mutex);
        return loadFilePatch(*session->diff, fileIndex, 50'000, true);
    }).then(this, [this, generation, fileIndex](Result<FilePatch> patch) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, fileIndex, patch = std::move(patch)]() mutable {
                if (generation != m_fileGeneration)
                    return; // the person has moved on to another file
                if (!patch) {
                    FilePatch failed;
                    failed.summary = patch.error().toString();
                    m_diffView->setPatch(std::move(failed));
                } else {
                    m_diffView->setPatch(std::move(*patch));
                }
                m_viewFile = fileIndex;
                if (m_landing != Landing::None) // a search step brought us here
                    m_diffView->findNext(m_landing == Landing::Last);
                m_landing = Landing::None;
                updateMatchLabel();
                Q_EMIT fileLoaded(fileIndex);
                countAllLines(); // after the first file is on screen, not competing with it
            },
            Qt::QueuedConnection);
    });
}

void ComparisonView::startSearch(const QString &text)
{
    const quint64 generation = ++*m_searchGeneration;
    m_fileMatches = QList<int>(m_files->files().size(), text.isEmpty() ? 0 : -1);
    m_searchedFiles = 0;
    updateMatchLabel();
    if (text.isEmpty() || !m_session)
        return;
    // One chunk of files per job, the next started when one lands: the GUI thread only adds up
    // counts, and a newer search text (or comparison) stops the chain.
    auto session = m_session;
    auto current = m_searchGeneration;
    auto next = std::make_shared<std::function<void(qsizetype)>>();
    *next = [this, session, current, generation, text, next](qsizetype first) {
        QtConcurrent::run(searchChunk, session, current, generation, text, first)
            .then(this, [this, current, generation, first, next](QList<int> counts) {
                QMetaObject::invokeMethod(
                    this,
                    [this, current, generation, first, next, counts = std::move(counts)] {
                        if (current->load() != generation) {
                            *next = {}; // the chain holds itself; let it go
                            return;
                        }
                        for (qsizetype k = 0; k < counts.size() && first + k < m_fileMatches.size(); ++k)
                            m_fileMatches[first + k] = counts[k];
                        m_searchedFiles = int(std::min<qsizetype>(first + counts.size(), m_fileMatches.size()));
                        updateMatchLabel();
                        if (m_searchedFiles < m_fileMatches.size())
                            (*next)(m_searchedFiles);
                        else {
                            *next = {};
                            Q_EMIT searchFinished();
                        }
                    },
                    Qt::QueuedConnection);
            });
    };
    (*next)(0);
}

ComparisonView::Tally ComparisonView::tally() const
{
    Tally t;
    t.complete = m_searchedFiles >= m_fileMatches.size();
    int before = 0;
    for (int i = 0; i < m_fileMatches.size(); ++i) {
        // The open file counts what the view finds (it also searches the unchanged lines it folds).
        const int n = i == m_viewFile ? m_diffView->matchCount() : m_fileMatches[i];
        if (n <= 0)
            continue;
        t.total += n;
        ++t.files;
        if (i < m_viewFile)
            before += n;
    }
    if (m_viewFile >= 0 && m_diffView->currentMatch() >= 0)
        t.position = before + m_diffView->currentMatch() + 1;
    return t;
}

int ComparisonView::totalMatches() const
{
    const Tally t = tally();
    return t.complete ? t.total : -1;
}

int ComparisonView::filesWithMatches() const
{
    return tally().files;
}

int ComparisonView::currentMatchPosition() const
{
    return tally().position;
}

void ComparisonView::updateMatchLabel()
{
    if (m_search->text().isEmpty()) {
        m_matches->clear();
        return;
    }
    const Tally t = tally();
    // Spelled out rather than %n: the English source is shown without a translation loaded.
    QString text;
    if (t.total == 0)
        text = t.complete ? tr("No matches") : QString();
    else if (t.position > 0)
        text = t.files == 1 ? tr("%1 of %2 in 1 file").arg(t.position).arg(t.total)
                            : tr("%1 of %2 in %3 files").arg(t.position).arg(t.total).arg(t.files);
    else
        text = t.files == 1 ? tr("%1 matches in 1 file").arg(t.total) : tr("%1 matches in %2 files").arg(t.total).arg(t.files);
    if (!t.complete)
        text = QString(text + u' ' + tr("(searching %1 of %2 files…)").arg(m_searchedFiles).arg(m_fileMatches.size())).trimmed();
    m_matches->setText(text);
}

void ComparisonView::selectFile(int fileIndex)
{
    const QModelIndex source = m_files->index(fileIndex, DiffFilesModel::PathColumn);
    const QModelIndex shown = m_filter->mapFromSource(source);
    if (shown.isValid() && m_fileList->currentIndex() != shown)
        m_fileList->setCurrentIndex(shown); // the list follows; its current-row signal opens the file
    else
        showFile(fileIndex);
}

void ComparisonView::findNext(bool backwards)
{
    if (m_search->text().isEmpty())
        return;
    const int inView = m_diffView->matchCount();
    const int at = m_diffView->currentMatch();
    const bool atEdge = inView == 0 || (at >= 0 && (backwards ? at == 0 : at == inView - 1));
    if (!atEdge) {
        m_diffView->findNext(backwards);
        updateMatchLabel();
        return;
    }
    // Past this file's first or last match: the nearest file in that direction that has one.
    const int count = int(m_fileMatches.size());
    const int from = m_viewFile >= 0 ? m_viewFile : 0;
    for (int step = 1; step < count; ++step) {
        const int i = ((from + (backwards ? -step : step)) % count + count) % count;
        if (m_fileMatches[i] > 0) {
            m_landing = backwards ? Landing::Last : Landing::First;
            selectFile(i);
            return;
        }
    }
    if (inView > 0) // no other file has one: round again in this file
        m_diffView->findNext(backwards);
    updateMatchLabel();
}

} // namespace rd::ui
