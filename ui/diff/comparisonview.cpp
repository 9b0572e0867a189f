// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparisonview.h"

#include "difffilesmodel.h"
#include "diffview.h"
#include "filepatch.h"

#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
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
    m_wholeFile->setToolTip(tr("Show the unchanged lines between the changes too, not only three around each."));
    connect(m_wholeFile, &QCheckBox::toggled, this, [this] {
        if (m_shownFile >= 0)
            showFile(m_shownFile);
    });
    m_search->setObjectName(u"diffSearch"_s);
    m_search->setPlaceholderText(tr("Find in file (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(320);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        const int count = m_diffView->setSearchText(text);
        m_matches->setText(text.isEmpty() ? QString() : tr("%n match(es)", nullptr, count));
        m_diffView->findNext();
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] { m_diffView->findNext(); });
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
    toolbar->addWidget(m_search);
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
    // "Whole file": the unchanged lines between hunks too, from a diff of just this file (and
    // its old name) with unlimited context; the comparison's own diff keeps git's 3 lines.
    std::optional<ComparisonRequest> wholeFile;
    if (m_wholeFile->isChecked() && fileIndex < m_files->files().size()) {
        const git::FileChange &file = m_files->files()[fileIndex];
        wholeFile = m_request;
        wholeFile->paths = {file.path};
        if (!file.oldPath.isEmpty())
            wholeFile->paths.append(file.oldPath);
    }
    QtConcurrent::run([session, fileIndex, wholeFile]() -> Result<FilePatch> {
        if (wholeFile) {
            git::DiffOptions options;
            options.paths = wholeFile->paths;
            options.contextLines = 1'000'000;
            auto diff = git::Diff::between(wholeFile->repositoryPath, wholeFile->dstCommit, wholeFile->srcCommit, options);
            if (!diff)
                return std::unexpected(diff.error());
            for (qsizetype i = 0; i < diff->size(); ++i) {
                if (diff->file(i).path == wholeFile->paths.first())
                    return loadFilePatch(*diff, i);
            }
        }
        std::lock_guard lock(session->mutex);
        return loadFilePatch(*session->diff, fileIndex);
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
                Q_EMIT fileLoaded(fileIndex);
                countAllLines(); // after the first file is on screen, not competing with it
            },
            Qt::QueuedConnection);
    });
}

} // namespace rd::ui
