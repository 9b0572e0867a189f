// SPDX-License-Identifier: GPL-3.0-or-later
// MatrixModel over the demo's matrix and over hand-built ones, checked by QAbstractItemModelTester.
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "matrixmodel.h"
#include "release/matrixloader.h"
#include "release/deploymentstate.h"
#include "release/promotionlock.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;
using rd::release::EnvironmentMatrix;
using rd::release::MatrixCell;
using rd::ui::MatrixModel;

namespace {

const QDateTime Built(QDate(2026, 11, 2), QTime(10, 0), QTimeZone::UTC);

MatrixCell deployed(const QString &version, const QDateTime &created = Built)
{
    MatrixCell cell;
    cell.state = MatrixCell::State::Deployed;
    cell.version = version;
    cell.tags = {version};
    cell.digest = u"sha256:"_s + QString(64, version.isEmpty() ? u'e' : u'd');
    cell.created = created;
    return cell;
}

// dev v1.0.0 → qa v2.0.0 (ahead: staging was skipped) → prod v1.0.0 (behind), and a broken row.
EnvironmentMatrix handMade()
{
    EnvironmentMatrix matrix;
    matrix.workspace = u"hand"_s;
    matrix.environments = {{u"dev"_s, u"dev"_s, {}, false}, {u"qa"_s, u"qa-tag"_s, {}, false}, {u"prod"_s, u"prod"_s, u"env/prod"_s, true}};
    release::MatrixRow row{u"svc"_s, u"team/svc"_s, {deployed(u"v1.0.0"_s), deployed(u"v2.0.0"_s), deployed(u"v1.0.0"_s)}};
    row.cells[1].ahead = true;
    row.cells[2].behind = true;
    matrix.rows.append(row);
    MatrixCell broken;
    broken.state = MatrixCell::State::Error;
    broken.error = u"image team/gone has no OCI image layout at /r/team/gone (missing oci-layout file)"_s;
    MatrixCell unversioned = deployed(QString());
    matrix.rows.append(release::MatrixRow{u"gone"_s, u"team/gone"_s, {broken, unversioned, MatrixCell{}}});
    return matrix;
}

} // namespace

class TestMatrixModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto file = demo::createDemoWorkspace(m_dir.filePath(u"demo"_s));
        QVERIFY2(file, qPrintable(file ? QString() : file.error().toString()));
        auto workspace = config::loadWorkspace(*file);
        QVERIFY(workspace);
        m_demo = release::loadEnvironmentMatrix(*workspace);
        QCOMPARE(m_demo.rows.size(), 3);
    }

    void init()
    {
        m_model = std::make_unique<MatrixModel>();
        // Attached before the model is filled, so every change is checked as it happens.
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void emptyModel()
    {
        QCOMPARE(m_model->rowCount(), 0);
        QCOMPARE(m_model->columnCount(), 1); // only the artifact column
        QCOMPARE(m_model->headerData(0, Qt::Horizontal).toString(), u"Artifact"_s);
        m_model->setMatrix(m_demo);
        QCOMPARE(m_model->rowCount(), 3);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->setMatrix({});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m_model->rowCount(), 0);
        QCOMPARE(m_model->columnCount(), 1);
        QVERIFY(!m_model->index(0, 0).isValid());
        QCOMPARE(m_model->matrix().rows.size(), 0);
    }

    void demoShape()
    {
        QSignalSpy aboutToReset(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->setMatrix(m_demo);
        QCOMPARE(aboutToReset.count(), 1); // replaced in one reset
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m_model->rowCount(), 3);
        QCOMPARE(m_model->columnCount(), 5);
        QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 0); // a table: no children
        QCOMPARE(m_model->columnCount(m_model->index(0, 0)), 0);
        QStringList headers;
        for (int column = 0; column < m_model->columnCount(); ++column)
            headers.append(m_model->headerData(column, Qt::Horizontal).toString());
        QCOMPARE(headers, (QStringList{u"Artifact"_s, u"dev"_s, u"qa"_s, u"staging"_s, u"prod (protected)"_s}));
        QCOMPARE(m_model->headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(),
                 u"Health: unknown\nRegistry tag: qa\nGit branch: env/qa"_s);
        // The health monitor's word reaches the header, and only that column changes.
        QSignalSpy headerChanged(m_model.get(), &QAbstractItemModel::headerDataChanged);
        m_model->setEnvironmentHealth(u"qa"_s, rd::health::Status::Down);
        QCOMPARE(headerChanged.size(), 1);
        QCOMPARE(headerChanged.first().at(1).toInt(), 2);
        QVERIFY(m_model->headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString().startsWith(u"Health: down\n"_s));
        m_model->setEnvironmentHealth(u"qa"_s, rd::health::Status::Unknown);
    }

    void displayText_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text");
        QTest::newRow("api name") << 0 << 0 << u"api"_s;
        QTest::newRow("api dev") << 0 << 1 << u"v1.6.0"_s;
        QTest::newRow("api qa") << 0 << 2 << u"v1.5.1"_s;
        QTest::newRow("api staging") << 0 << 3 << u"v1.5.1"_s;
        QTest::newRow("api prod") << 0 << 4 << u"v1.5.0"_s;
        QTest::newRow("web staging") << 1 << 3 << u"v2.2.1"_s;
        QTest::newRow("worker name") << 2 << 0 << u"worker"_s;
        QTest::newRow("worker qa") << 2 << 2 << u"v0.8.1"_s;
        QTest::newRow("worker prod") << 2 << 4 << u"not deployed"_s;
    }
    void displayText()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, text);
        m_model->setMatrix(m_demo);
        QCOMPARE(m_model->data(m_model->index(row, column)).toString(), text);
    }

    void roles_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("behind");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("subject");
        QTest::newRow("api dev") << 0 << 1 << false << int(MatrixCell::State::Deployed) << u"api: release v1.6.0"_s;
        QTest::newRow("api qa behind dev") << 0 << 2 << true << int(MatrixCell::State::Deployed) << u"api: release v1.5.1"_s;
        QTest::newRow("api staging equal") << 0 << 3 << false << int(MatrixCell::State::Deployed) << u"api: release v1.5.1"_s;
        QTest::newRow("api prod behind") << 0 << 4 << true << int(MatrixCell::State::Deployed) << u"api: release v1.5.0"_s;
        QTest::newRow("web staging behind") << 1 << 3 << true << int(MatrixCell::State::Deployed) << u"web: release v2.2.1"_s;
        QTest::newRow("worker prod") << 2 << 4 << false << int(MatrixCell::State::NotDeployed) << QString();
    }
    void roles()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(bool, behind);
        QFETCH(int, state);
        QFETCH(QString, subject);
        m_model->setMatrix(m_demo);
        const QModelIndex index = m_model->index(row, column);
        const MatrixCell &cell = m_demo.rows[row].cells[column - 1];
        QCOMPARE(index.data(MatrixModel::BehindRole).toBool(), behind);
        QCOMPARE(index.data(MatrixModel::AheadRole).toBool(), false);
        QCOMPARE(index.data(MatrixModel::StateRole).toInt(), state);
        QCOMPARE(index.data(MatrixModel::SubjectRole).toString(), subject);
        QCOMPARE(index.data(MatrixModel::VersionRole).toString(), cell.version);
        QCOMPARE(index.data(MatrixModel::DigestRole).toString(), cell.digest);
        QCOMPARE(index.data(MatrixModel::CommitRole).toString(), cell.commit);
        QCOMPARE(index.data(MatrixModel::CreatedRole).toDateTime(), cell.created);
        QCOMPARE(index.data(MatrixModel::ErrorRole).toString(), QString());
        QCOMPARE(index.data(MatrixModel::ImageRole).toString(), m_demo.rows[row].image);
        if (state == int(MatrixCell::State::Deployed)) {
            QVERIFY(QRegularExpression(u"\\A[0-9a-f]{40}\\z"_s).match(index.data(MatrixModel::CommitRole).toString()).hasMatch());
            QVERIFY(index.data(MatrixModel::DigestRole).toString().startsWith(u"sha256:"_s));
            QVERIFY(index.data(MatrixModel::CreatedRole).toDateTime().isValid());
        } else {
            QCOMPARE(index.data(MatrixModel::CommitRole).toString(), QString());
        }
        // The artifact column answers the artifact's roles only.
        const QModelIndex name = m_model->index(row, 0);
        QCOMPARE(name.data(MatrixModel::ImageRole).toString(), m_demo.rows[row].image);
        QCOMPARE(name.data(Qt::ToolTipRole).toString(), u"Image "_s + m_demo.rows[row].image);
        QVERIFY(!name.data(MatrixModel::VersionRole).isValid());
    }

    void toolTips_data()
    {
        QTest::addColumn<bool>("demo");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("fragments");
        QTest::newRow("behind") << true << 0 << 2 << QStringList{u"<b>api v1.5.1</b> in qa"_s, u"Behind dev, which runs v1.6.0."_s, u"Commit: "_s, u"api: release v1.5.1"_s};
        QTest::newRow("behind a protected one's neighbour") << true << 0 << 4 << QStringList{u"Behind staging, which runs v1.5.1."_s, u"Tags: latest, prod, sha-"_s};
        QTest::newRow("equal") << true << 0 << 3 << QStringList{u"Digest: sha256:"_s, u"Built: "_s};
        QTest::newRow("not deployed") << true << 2 << 4 << QStringList{u"worker has never been deployed to prod (no 'prod' tag in hockey/worker)."_s};
        QTest::newRow("ahead") << false << 0 << 2 << QStringList{u"Ahead of dev, which runs v1.0.0: a stage was skipped."_s};
        QTest::newRow("behind, hand-made") << false << 0 << 3 << QStringList{u"Behind qa, which runs v2.0.0."_s};
        QTest::newRow("not deployed, own tag") << false << 1 << 3 << QStringList{u"gone has never been deployed to prod"_s};
        QTest::newRow("error") << false << 1 << 1 << QStringList{u"image team/gone has no OCI image layout"_s};
    }
    void toolTips()
    {
        QFETCH(bool, demo);
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QStringList, fragments);
        m_model->setMatrix(demo ? m_demo : handMade());
        const QString tip = m_model->index(row, column).data(Qt::ToolTipRole).toString();
        for (const QString &fragment : std::as_const(fragments))
            QVERIFY2(tip.contains(fragment), qPrintable(u"'%1' not in: %2"_s.arg(fragment, tip)));
        const bool behind = m_model->index(row, column).data(MatrixModel::BehindRole).toBool();
        const bool ahead = m_model->index(row, column).data(MatrixModel::AheadRole).toBool();
        QCOMPARE(tip.contains(u"Behind "_s), behind);
        QCOMPARE(tip.contains(u"Ahead of "_s), ahead);
    }

    void handMadeCells()
    {
        m_model->setMatrix(handMade());
        QCOMPARE(m_model->columnCount(), 4);
        QCOMPARE(m_model->headerData(3, Qt::Horizontal).toString(), u"prod (protected)"_s);
        QCOMPARE(m_model->headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(), u"Health: unknown\nRegistry tag: qa-tag"_s);
        QCOMPARE(m_model->index(0, 2).data(MatrixModel::AheadRole).toBool(), true);
        QCOMPARE(m_model->index(0, 3).data(MatrixModel::BehindRole).toBool(), true);
        QCOMPARE(m_model->index(1, 1).data().toString(), u"cannot read"_s);
        QCOMPARE(m_model->index(1, 1).data(MatrixModel::StateRole).toInt(), int(MatrixCell::State::Error));
        QVERIFY(m_model->index(1, 1).data(MatrixModel::ErrorRole).toString().contains(u"team/gone"_s));
        QCOMPARE(m_model->index(1, 2).data().toString(), QString(12, u'e')); // no version: the short digest
        QCOMPARE(m_model->index(1, 3).data().toString(), u"not deployed"_s);
    }

    void age_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << qint64(45) << u"45 s ago"_s;
        QTest::newRow("minutes") << qint64(12 * 60 + 59) << u"12 min ago"_s;
        QTest::newRow("hours") << qint64(5 * 3600) << u"5 h ago"_s;
        QTest::newRow("days") << qint64(3 * 86400 + 5 * 3600) << u"3 d ago"_s;
        QTest::newRow("months") << qint64(14 * 30 * 86400) << u"14 mo ago"_s;
        QTest::newRow("clock skew") << qint64(-600) << u"0 s ago"_s;
    }
    void age()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        m_model->setMatrix(handMade());
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setNow(Built.addSecs(seconds));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>(), m_model->index(0, 1));
        QCOMPARE(changed.first().at(1).value<QModelIndex>(), m_model->index(1, 3));
        const MatrixCell &cell = m_model->matrix().rows[0].cells[0];
        QCOMPARE(m_model->ageText(cell), text);
        QVERIFY2(m_model->index(0, 1).data(Qt::ToolTipRole).toString().contains(u"Built: 2026-11-02 10:00 UTC ("_s + text + u')'),
                 qPrintable(m_model->index(0, 1).data(Qt::ToolTipRole).toString()));
        QCOMPARE(m_model->ageText(MatrixCell{}), QString()); // unknown build time: no age
    }

    void setNowOnEmptyModel()
    {
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setNow(Built);
        QCOMPARE(changed.count(), 0);
    }

    // What the engine recorded in <workspace>/.releasedeck/deployments.json comes back when the
    // workspace is opened again (a new model: the restart), shown as after a live run. A deploy
    // whose process has ended (nobody holds its promotion lock) is "interrupted", not
    // "deploying" forever; one whose process still runs (the lock is held) stays "verifying".
    void deploymentStatesSurviveARestart()
    {
        qputenv("RELEASEDECK_AUDIT_DB", m_dir.filePath(u"audit.sqlite"_s).toUtf8());
        auto workspace = config::loadWorkspace(m_dir.filePath(u"demo/releasedeck.yaml"_s));
        QVERIFY(workspace);
        const QString path = release::FileDeploymentStateStore::defaultPath(workspace->directory());
        QFile::remove(path);
        release::FileDeploymentStateStore store(path);
        using release::DeploymentPhase;
        QVERIFY(store.update(u"api"_s, u"qa"_s, DeploymentPhase::Failed, u"v1.6.0"_s, u"v1.5.1"_s, u"Step 3 (deploy) failed: exit code 1."_s));
        QVERIFY(store.update(u"api"_s, u"staging"_s, DeploymentPhase::RolledBack, u"v1.5.1"_s, u"v1.6.0"_s, u"verification failed"_s));
        QVERIFY(store.update(u"web"_s, u"qa"_s, DeploymentPhase::Deployed, u"v2.3.0"_s, u"v2.2.1"_s));
        QVERIFY(store.update(u"worker"_s, u"qa"_s, DeploymentPhase::Deploying, u"v0.9.0"_s, u"v0.8.1"_s));
        QVERIFY(store.update(u"web"_s, u"staging"_s, DeploymentPhase::Verifying, u"v2.3.0"_s, u"v2.2.1"_s));
        {
            // Hostile and foreign entries are skipped, not trusted.
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QJsonObject all = QJsonDocument::fromJson(file.readAll()).object();
            file.close();
            all.insert(u"no-slash"_s, QJsonObject{{u"phase"_s, u"failed"_s}});
            all.insert(u"api/dev"_s, u"not an object"_s);
            all.insert(u"/prod"_s, QJsonObject{{u"phase"_s, u"failed"_s}});
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QJsonDocument(all).toJson());
        }
        // web in staging is still being verified by a live process: its lock is held.
        auto lock = release::PromotionLock::acquire(release::PromotionLock::defaultDirectory(*workspace),
                                                    release::LockHolder::self(u"promote"_s, u"web"_s, u"staging"_s));
        QVERIFY(lock);

        m_model->setMatrix(m_demo);
        m_model->setDeploymentState(u"web"_s, u"qa"_s, u"failed"_s); // from before: the file says it is deployed now
        QSignalSpy loaded(m_model.get(), &MatrixModel::deploymentStatesLoaded);
        m_model->loadDeploymentStates(*workspace);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10'000);

        auto state = [&](const QString &artifact, const QString &environment) {
            const int row = artifact == u"api" ? 0 : artifact == u"web" ? 1 : 2;
            const int column = int(m_demo.environmentIndex(environment)) + 1;
            return m_model->index(row, column).data(MatrixModel::DeploymentStateRole).toString();
        };
        QCOMPARE(m_demo.rows.at(0).artifact, u"api"_s);
        QCOMPARE(m_demo.rows.at(1).artifact, u"web"_s);
        QCOMPARE(state(u"api"_s, u"qa"_s), u"failed"_s);
        QCOMPARE(state(u"api"_s, u"staging"_s), u"rolled back"_s);
        QCOMPARE(state(u"web"_s, u"qa"_s), QString());
        QCOMPARE(state(u"worker"_s, u"qa"_s), u"interrupted"_s);
        QCOMPARE(state(u"web"_s, u"staging"_s), u"verifying"_s);
        QCOMPARE(state(u"api"_s, u"dev"_s), QString());
        QCOMPARE(state(u"api"_s, u"prod"_s), QString());

        const QString failedTip = m_model->index(0, int(m_demo.environmentIndex(u"qa"_s)) + 1).data(Qt::ToolTipRole).toString();
        QVERIFY2(failedTip.contains(u"Step 3 (deploy) failed"_s), qPrintable(failedTip));
        const QString interruptedTip = m_model->index(2, int(m_demo.environmentIndex(u"qa"_s)) + 1).data(Qt::ToolTipRole).toString();
        QVERIFY2(interruptedTip.contains(u"ended before it finished"_s)
                     && interruptedTip.contains(u"pid %1"_s.arg(QCoreApplication::applicationPid())),
                 qPrintable(interruptedTip));

        // Once the verifying process has ended, a reload shows it as interrupted too.
        lock->release();
        loaded.clear();
        m_model->loadDeploymentStates(*workspace);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10'000);
        QCOMPARE(state(u"web"_s, u"staging"_s), u"interrupted"_s);

        // An unreadable state file costs the badges only.
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ not json");
        file.close();
        loaded.clear();
        m_model->loadDeploymentStates(*workspace);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10'000);
        QCOMPARE(m_model->rowCount(), 3);
        QFile::remove(path);
    }

private:
    QTemporaryDir m_dir;
    EnvironmentMatrix m_demo;
    std::unique_ptr<MatrixModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestMatrixModel)
#include "tst_matrixmodel.moc"
