// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison view on a big change, offscreen: time from the request to the first painted
// hunk, and the time to scroll the largest file from top to bottom page by page (each page
// painted). Prints figures only. Repository: 4,000 files, ~520,000 patch lines between two
// branches, written with libgit2 through rd::git::Repository.
#include "diff/comparisonview.h"
#include "diff/diffview.h"
#include "git/repository.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>
#include <QLineEdit>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QByteArray sourceFile(int file, bool changed)
{
    QByteArray text = "// generated module " + QByteArray::number(file) + "\npackage gen\n\n";
    for (int line = 0; line < 100; ++line) {
        const bool edit = changed && line % 3 == file % 3;
        text += "func f" + QByteArray::number(line) + "() int { return " + QByteArray::number(edit ? line * 7 + file : line + file)
                + " } // " + (edit ? "tuned" : "original") + "\n";
    }
    return text;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    const int files = 4000;

    QElapsedTimer timer;
    timer.start();
    auto repo = rd::git::Repository::init(dir.filePath(u"repo"_s));
    if (!repo) {
        out() << repo.error().toString() << '\n';
        return 1;
    }
    const rd::git::Signature who{u"Bench"_s, u"bench@example.org"_s, QDateTime(QDate(2026, 11, 1), QTime(12, 0), QTimeZone::UTC)};
    QMap<QString, std::optional<QByteArray>> before, after;
    for (int f = 0; f < files; ++f) {
        const QString path = u"src/pkg%1/module%2.go"_s.arg(f / 100).arg(f);
        before[path] = sourceFile(f, false);
        after[path] = sourceFile(f, true);
    }
    // One generated table of 30,000 lines, every other line changed: the file to scroll.
    QByteArray hugeBefore, hugeAfter;
    for (int line = 0; line < 30000; ++line) {
        hugeBefore += "    {id: " + QByteArray::number(line) + ", name: \"row " + QByteArray::number(line) + "\"},\n";
        hugeAfter += "    {id: " + QByteArray::number(line) + ", name: \"row " + QByteArray::number(line % 2 ? line : line * 3) + "\"},\n";
    }
    before[u"aaa/table.js"_s] = hugeBefore;
    after[u"aaa/table.js"_s] = hugeAfter;
    auto oldCommit = repo->commitFiles(before, who, u"before\n"_s);
    auto newCommit = repo->commitFiles(after, who, u"after\n"_s);
    if (!oldCommit || !newCommit) {
        out() << "cannot write the repository\n";
        return 1;
    }
    out() << "generated " << files << " files in two commits in " << timer.elapsed() << " ms\n";

    rd::ui::ComparisonView view;
    view.resize(1400, 900);
    view.show();
    QSignalSpy loaded(&view, &rd::ui::ComparisonView::comparisonLoaded);
    QSignalSpy painted(view.diffView(), &rd::ui::DiffView::firstPaint);
    QSignalSpy counted(&view, &rd::ui::ComparisonView::linesCounted);
    timer.restart();
    view.compare({dir.filePath(u"repo"_s), *newCommit, *oldCommit, u"new"_s, u"old"_s, u"bench"_s, {}});
    if (!QTest::qWaitFor([&] { return !loaded.isEmpty(); }, 300'000)) {
        out() << "the comparison did not load\n";
        return 1;
    }
    const qint64 listed = timer.elapsed();
    // The first file is shown on its own once the list is there; wait for its first paint.
    if (!QTest::qWaitFor([&] { return view.diffView()->rowCount() > 0 && !painted.isEmpty(); }, 60'000))
        out() << "the first file was never painted\n";
    const qint64 firstHunk = timer.elapsed();
    if (!QTest::qWaitFor([&] { return !counted.isEmpty(); }, 300'000))
        out() << "the line counts never came\n";
    const qint64 allCounted = timer.elapsed();
    out() << "comparison of " << files + 1 << " files: file list after " << listed << " ms, first hunk painted after " << firstHunk
          << " ms, +/- counts of all files after " << allCounted << " ms\n";

    // Scroll the 30,000-line file (the first in the list) from top to bottom, a page at a time,
    // painting every page: highlighting and word diffs are computed as pages come into view.
    rd::ui::DiffView *diff = view.diffView();
    QScrollBar *bar = diff->verticalScrollBar();
    for (auto mode : {rd::ui::DiffView::Mode::Unified, rd::ui::DiffView::Mode::SideBySide}) {
        diff->setMode(mode);
        bar->setValue(0);
        qint64 worst = 0;
        int pages = 0, worstPage = 0;
        timer.restart();
        while (true) {
            QElapsedTimer page;
            page.start();
            diff->viewport()->repaint();
            if (page.nsecsElapsed() > worst) {
                worst = page.nsecsElapsed();
                worstPage = pages;
            }
            ++pages;
            if (bar->value() >= bar->maximum())
                break;
            bar->setValue(bar->value() + bar->pageStep());
        }
        out() << (mode == rd::ui::DiffView::Mode::Unified ? "unified" : "side by side") << ": scrolled " << diff->rowCount()
              << " rows in " << pages << " pages in " << timer.elapsed() << " ms, slowest page "
              << QString::number(double(worst) / 1e6, 'f', 1) << " ms (page " << worstPage << ")\n";
    }

    // Search across all files: the count arrives file chunk by file chunk from worker threads;
    // the GUI thread's longest stall meanwhile (a 5 ms timer measures it) is what a person feels.
    diff->setMode(rd::ui::DiffView::Mode::Unified);
    QSignalSpy searched(&view, &rd::ui::ComparisonView::searchFinished);
    QElapsedTimer tick;
    qint64 longestStall = 0;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, &view, [&] {
        longestStall = std::max(longestStall, tick.restart());
    });
    timer.restart();
    tick.start();
    heartbeat.start();
    view.searchField()->setText(u"tuned"_s);
    const qint64 typed = timer.elapsed();
    if (!QTest::qWaitFor([&] { return !searched.isEmpty(); }, 600'000))
        out() << "the search never finished\n";
    heartbeat.stop();
    const qint64 searchedAll = timer.elapsed();
    out() << "search \"tuned\": " << view.totalMatches() << " matches in " << view.filesWithMatches() << " files counted after "
          << searchedAll << " ms (the keystroke itself took " << typed << " ms; longest GUI-thread stall meanwhile "
          << longestStall << " ms)\n";
    // Step from the last match of the first file with one into the next file.
    QSignalSpy shown(&view, &rd::ui::ComparisonView::fileLoaded);
    while (diff->currentMatch() < diff->matchCount() - 1)
        diff->findNext();
    timer.restart();
    view.findNext();
    if (!QTest::qWaitFor([&] { return !shown.isEmpty(); }, 60'000))
        out() << "next match never reached the next file\n";
    out() << "next match in the next file shown after " << timer.elapsed() << " ms (" << view.matchLabel()->text() << ")\n";
    return 0;
}
