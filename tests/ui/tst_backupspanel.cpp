// SPDX-License-Identifier: GPL-3.0-or-later
// The Backups tab over the demo workspace (real gzip'd dumps in a local folder, run through
// LocalHost): statuses shown, back up now, restore with the typed confirmation a protected
// environment needs, and clean-up of a backup made old on purpose. Offscreen.
#include "backups/backuppoller.h"
#include "backups/backupspanel.h"
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "ssh/hostpool.h"

#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;

class TestBackupsPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_root;
    std::optional<config::Workspace> m_workspace;

    QString cell(ui::BackupsPanel &panel, int row, int column)
    {
        return panel.table()->item(row, column) ? panel.table()->item(row, column)->text() : QString();
    }

    // Waits for the poller's next result after `trigger`.
    bool refreshed(ui::BackupsPanel &panel, const std::function<void()> &trigger)
    {
        QSignalSpy shown(&panel, &ui::BackupsPanel::statusesShown);
        trigger();
        return shown.wait(20'000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto file = demo::createDemoWorkspace(m_dir.filePath(u"demo"_s));
        QVERIFY2(file, file ? "" : qPrintable(file.error().message));
        m_root = m_dir.filePath(u"demo"_s);
        auto loaded = config::loadWorkspace(*file);
        QVERIFY(loaded);
        m_workspace = *loaded;
    }

    void clickThrough()
    {
        backups::BackupPoller poller(*m_workspace, std::make_shared<ssh::HostPool>(*m_workspace));
        ui::BackupsPanel panel;
        panel.resize(1100, 500);
        panel.setPoller(&poller);
        panel.show();
        QVERIFY(refreshed(panel, [&] { poller.start(); }));

        QCOMPARE(panel.table()->rowCount(), 2);
        QCOMPARE(cell(panel, 0, ui::BackupsPanel::EnvironmentColumn), u"staging"_s);
        QCOMPARE(cell(panel, 1, ui::BackupsPanel::EnvironmentColumn), u"prod"_s);
        QCOMPARE(cell(panel, 0, ui::BackupsPanel::CountColumn), u"7"_s);
        QVERIFY(cell(panel, 0, ui::BackupsPanel::NewestColumn).startsWith(u"hockey_db_"));
        QVERIFY(!cell(panel, 0, ui::BackupsPanel::StatusColumn).isEmpty());

        // Back up now on staging: a new file appears and the count goes up.
        QVERIFY(panel.selectEnvironment(u"staging"_s));
        QVERIFY(panel.backupButton()->isEnabled());
        {
            QSignalSpy finished(&panel, &ui::BackupsPanel::actionFinished);
            QSignalSpy shown(&panel, &ui::BackupsPanel::statusesShown);
            QTest::mouseClick(panel.backupButton(), Qt::LeftButton);
            QVERIFY(finished.wait(20'000));
            QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(1).toString()));
            QVERIFY(shown.wait(20'000));
        }
        QCOMPARE(QDir(m_root + u"/backups/staging"_s).entryList(QDir::Files).size(), 8);
        QVERIFY(panel.selectEnvironment(u"staging"_s));
        QCOMPARE(cell(panel, 0, ui::BackupsPanel::CountColumn), u"8"_s);
        QCOMPARE(cell(panel, 0, ui::BackupsPanel::StatusColumn), u"OK"_s);   // a fresh full-size backup
        QVERIFY(panel.log()->toPlainText().contains(u"backed up staging"));

        // Restore on prod (protected): the button stays disabled until "prod" is typed.
        QVERIFY(panel.selectEnvironment(u"prod"_s));
        QVERIFY(panel.restoreButton()->isEnabled());
        QTest::mouseClick(panel.restoreButton(), Qt::LeftButton);
        QDialog *dialog = panel.dialog();
        QVERIFY(dialog);
        auto *files = dialog->findChild<QListWidget *>(u"restoreFiles"_s);
        auto *confirmation = dialog->findChild<QLineEdit *>(u"restoreConfirmation"_s);
        auto *restore = dialog->findChild<QPushButton *>(u"restoreButton"_s);
        QVERIFY(files && confirmation && restore);
        QCOMPARE(files->count(), 7);
        files->setCurrentRow(0);
        QVERIFY(!restore->isEnabled());
        QTest::keyClicks(confirmation, u"staging"_s);
        QVERIFY(!restore->isEnabled());
        confirmation->clear();
        QTest::keyClicks(confirmation, u"prod"_s);
        QVERIFY(restore->isEnabled());
        const QString chosen = files->item(0)->data(Qt::UserRole).toString();
        {
            QSignalSpy finished(&panel, &ui::BackupsPanel::actionFinished);
            QTest::mouseClick(restore, Qt::LeftButton);
            QVERIFY(finished.wait(20'000));
            QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(1).toString()));
        }
        QFile restored(m_root + u"/state/prod/restored.sql"_s);
        QVERIFY(restored.open(QIODevice::ReadOnly));
        QVERIFY(restored.readAll().contains("PostgreSQL database dump"));
        QVERIFY(panel.log()->toPlainText().contains(u"restored " + chosen));

        // Clean up: make the oldest staging backup 40 days old; the plan names it, and only it.
        QStringList names = QDir(m_root + u"/backups/staging"_s).entryList(QDir::Files, QDir::Name);
        const QString oldest = names.first();
        {
            QFile old(m_root + u"/backups/staging/"_s + oldest);
            QVERIFY(old.open(QIODevice::ReadWrite));
            QVERIFY(old.setFileTime(QDateTime::currentDateTimeUtc().addDays(-40), QFileDevice::FileModificationTime));
        }
        QVERIFY(refreshed(panel, [&] { QTest::mouseClick(panel.refreshButton(), Qt::LeftButton); }));
        QVERIFY(panel.selectEnvironment(u"staging"_s));
        QCOMPARE(cell(panel, 0, ui::BackupsPanel::BeyondColumn), u"1"_s);
        QVERIFY(panel.cleanButton()->isEnabled());
        QTest::mouseClick(panel.cleanButton(), Qt::LeftButton);
        dialog = panel.dialog();
        QVERIFY(dialog);
        auto *plan = dialog->findChild<QPlainTextEdit *>(u"cleanPlan"_s);
        QVERIFY(plan);
        QVERIFY2(plan->toPlainText().contains(oldest), qPrintable(plan->toPlainText()));
        {
            QSignalSpy finished(&panel, &ui::BackupsPanel::actionFinished);
            QTest::mouseClick(dialog->findChild<QPushButton *>(u"cleanButton"_s), Qt::LeftButton);
            QVERIFY(finished.wait(20'000));
            QVERIFY(finished.front().at(0).toBool());
        }
        names.removeFirst();
        QCOMPARE(QDir(m_root + u"/backups/staging"_s).entryList(QDir::Files, QDir::Name), names);
    }

    void noPoller()
    {
        ui::BackupsPanel panel;
        QCOMPARE(panel.table()->rowCount(), 0);
        QVERIFY(!panel.backupButton()->isEnabled());
        QVERIFY(!panel.restoreButton()->isEnabled());
        QVERIFY(!panel.cleanButton()->isEnabled());
    }
};

QTEST_MAIN(TestBackupsPanel)
#include "tst_backupspanel.moc"
