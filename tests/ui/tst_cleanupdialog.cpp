// SPDX-License-Identifier: GPL-3.0-or-later
// The registry clean-up as a person uses it, offscreen, over the demo workspace (real OCI image
// layouts, each artifact keeping its newest 2 versions): Registry → Clean Up Old Images… shows
// the same plan `releasedeck-cli cleanup --dry-run --json` prints, Delete removes exactly those
// tags and the matrix is read again; a tag moved after planning makes the deletion stop without
// touching it; an unreadable rollback history deletes nothing.
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "mainwindow.h"
#include "registry/cleanupdialog.h"
#include "registry/ocilayout.h"
#include "processrun.h"
#include "testdata.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace rd;

class TestCleanupDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_demos = 0;

    // A fresh demo (so each case starts from the same registry) with its own audit log.
    QString newDemo()
    {
        const QString folder = m_dir.filePath(u"demo%1"_s.arg(++m_demos));
        auto file = demo::createDemoWorkspace(folder);
        if (!file)
            qWarning() << file.error().message;
        qputenv("RELEASEDECK_AUDIT_DB", QDir(folder).filePath(u"audit.sqlite"_s).toLocal8Bit());
        return file ? *file : QString();
    }

    static QStringList layoutTags(const QString &workspaceFile, const QString &image)
    {
        registry::OciLayoutBackend layout(QFileInfo(workspaceFile).dir().filePath(u"registry"_s));
        auto tags = layout.tags(image);
        QStringList sorted = tags ? *tags : QStringList{u"<unreadable>"_s};
        sorted.sort();
        return sorted;
    }

    // The tags the dialog lists under "Delete", as artifact:tag, sorted.
    static QStringList listed(const ui::CleanupDialog &dialog, int group)
    {
        QStringList tags;
        const QTreeWidgetItem *top = dialog.tree()->topLevelItem(group);
        for (int i = 0; top && i < top->childCount(); ++i)
            tags.append(top->child(i)->text(0));
        tags.sort();
        return tags;
    }

    // The window with the workspace loaded and the clean-up dialog planned.
    static ui::CleanupDialog *plannedDialog(ui::MainWindow &window, const QString &file)
    {
        QSignalSpy loaded(&window, &ui::MainWindow::loadFinished);
        window.openWorkspace(file);
        if (!loaded.wait(20'000) || !loaded.first().first().toBool())
            return nullptr;
        auto *action = window.findChild<QAction *>(u"cleanupAction"_s);
        if (!action || !action->isEnabled())
            return nullptr;
        action->trigger();
        auto *dialog = window.findChild<ui::CleanupDialog *>();
        if (!dialog)
            return nullptr;
        QSignalSpy planned(dialog, &ui::CleanupDialog::planned);
        if (dialog->stage() == ui::CleanupDialog::Stage::Planning && !planned.wait(20'000))
            return nullptr;
        return dialog;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void showsTheCliPlanThenDeletes()
    {
        const QString file = newDemo();
        QVERIFY(!file.isEmpty());
        const auto dry = test::runProcess(test::binaryPath(u"releasedeck-cli"_s), {u"-w"_s, file, u"cleanup"_s, u"--dry-run"_s, u"--json"_s});
        QVERIFY2(dry.finished && dry.exitCode == 0, qPrintable(dry.describe()));
        const QJsonObject plan = QJsonDocument::fromJson(dry.out.toUtf8()).object();
        QStringList cliDelete;
        for (const QJsonValue &entry : plan.value(u"delete"_s).toArray())
            cliDelete.append(entry[u"artifact"_s].toString() + u':' + entry[u"tag"_s].toString());
        cliDelete.sort();
        QVERIFY2(!cliDelete.isEmpty(), "the demo keeps 2 versions per artifact, so older ones are to go");

        ui::MainWindow window;
        window.resize(1200, 700);
        window.show();
        ui::CleanupDialog *dialog = plannedDialog(window, file);
        QVERIFY(dialog);
        QCOMPARE(dialog->stage(), ui::CleanupDialog::Stage::Planned);
        QCOMPARE(listed(*dialog, 0), cliDelete);
        // every kept tag says why it stays
        const QTreeWidgetItem *keep = dialog->tree()->topLevelItem(1);
        QVERIFY(keep && keep->childCount() > 0);
        for (int i = 0; i < keep->childCount(); ++i)
            QVERIFY2(!keep->child(i)->text(2).isEmpty(), qPrintable(keep->child(i)->text(0)));
        QVERIFY(dialog->deleteButton()->isEnabled());
        QVERIFY(dialog->summary()->text().contains(u"will be deleted"_s));
        const QStringList apiBefore = layoutTags(file, u"hockey/api"_s);
        QCoreApplication::processEvents(); // pending layout requests, as a window on screen would have had
        if (qEnvironmentVariableIsSet("RD_SCREENSHOT_DIR"))
            dialog->grab().save(QDir(qEnvironmentVariable("RD_SCREENSHOT_DIR")).filePath(u"cleanup.png"_s));

        QSignalSpy finished(dialog, &ui::CleanupDialog::finished);
        QSignalSpy reloaded(&window, &ui::MainWindow::loadFinished);
        QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20'000); // a local layout can be done before the click returns
        QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(dialog->summary()->text().startsWith(u"Deleted"_s));
        QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() >= 1, 20'000); // the matrix is read again

        QStringList apiExpected = apiBefore;
        for (const QString &entry : std::as_const(cliDelete))
            if (entry.startsWith(u"api:"))
                apiExpected.removeOne(entry.mid(4));
        QCOMPARE(layoutTags(file, u"hockey/api"_s), apiExpected);
        // what runs in an environment is still there
        for (const QString &environment : {u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s})
            QVERIFY2(apiExpected.contains(environment), qPrintable(environment));
        const auto again = test::runProcess(test::binaryPath(u"releasedeck-cli"_s), {u"-w"_s, file, u"cleanup"_s, u"--dry-run"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object().value(u"delete"_s).toArray().size(), 0);
    }

    void tagMovedAfterPlanningIsNotDeleted()
    {
        const QString file = newDemo();
        ui::MainWindow window;
        window.show();
        ui::CleanupDialog *dialog = plannedDialog(window, file);
        QVERIFY(dialog);
        const QTreeWidgetItem *remove = dialog->tree()->topLevelItem(0);
        QVERIFY(remove && remove->childCount() > 0);
        // Someone points every doomed api tag at what prod runs, between plan and click.
        registry::OciLayoutBackend layout(QFileInfo(file).dir().filePath(u"registry"_s));
        auto prodDigest = layout.resolveTag(u"hockey/api"_s, u"prod"_s);
        QVERIFY(prodDigest);
        QStringList moved;
        for (int i = 0; i < remove->childCount(); ++i) {
            const QString entry = remove->child(i)->text(0);
            if (!entry.startsWith(u"api:"))
                continue;
            QVERIFY(layout.pointTag(u"hockey/api"_s, entry.mid(4), *prodDigest));
            moved.append(entry.mid(4));
        }
        QVERIFY(!moved.isEmpty());

        QSignalSpy finished(dialog, &ui::CleanupDialog::finished);
        QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20'000);
        QVERIFY(!finished.first().first().toBool());
        QVERIFY(!dialog->summary()->text().isEmpty());
        const QStringList now = layoutTags(file, u"hockey/api"_s);
        for (const QString &tag : std::as_const(moved)) {
            QVERIFY2(now.contains(tag), qPrintable(tag));
            QCOMPARE(*layout.resolveTag(u"hockey/api"_s, tag), *prodDigest);
        }
        QCOMPARE(*layout.resolveTag(u"hockey/api"_s, u"prod"_s), *prodDigest);
    }

    void unreadableHistoryDeletesNothing()
    {
        const QString file = newDemo();
        QFile broken(qEnvironmentVariable("RELEASEDECK_AUDIT_DB"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(QByteArray(4096, 'x')); // not an SQLite database
        broken.close();
        const QStringList before = layoutTags(file, u"hockey/api"_s);

        ui::MainWindow window;
        window.show();
        ui::CleanupDialog *dialog = plannedDialog(window, file);
        QVERIFY(dialog);
        QVERIFY2(dialog->summary()->text().contains(u"rollback history cannot be read"_s), qPrintable(dialog->summary()->text()));
        QVERIFY(!dialog->deleteButton()->isEnabled());
        QCOMPARE(dialog->tree()->topLevelItemCount(), 0);
        QCOMPARE(layoutTags(file, u"hockey/api"_s), before);
    }
};

QTEST_MAIN(TestCleanupDialog)
#include "tst_cleanupdialog.moc"
