// SPDX-License-Identifier: GPL-3.0-or-later
// The health panel's model (checked by QAbstractItemModelTester) and the panel following a
// real monitor, rendered offscreen.
#include "health/healthmonitor.h"
#include "health/healthmodel.h"
#include "health/healthpanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rd::health::Status;
using rd::ui::HealthModel;

namespace {

rd::health::CheckSpec command(const QString &environment, const QString &name, const QString &line, const QString &dir)
{
    rd::health::CheckSpec spec;
    spec.environment = environment;
    spec.name = name;
    spec.kind = rd::health::CheckSpec::Kind::Command;
    spec.command = line;
    spec.workingDirectory = dir;
    spec.timeout = 20s;
    return spec;
}

} // namespace

class TestHealthPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void model();
    void panelFollowsMonitor();
};

void TestHealthPanel::model()
{
    HealthModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(HealthModel::COLUMN_COUNT));

    rd::ui::HealthRow up{u"prod"_s, u"api"_s, Status::Healthy, 12, QString(), {}};
    up.history = {{QDateTime::currentDateTimeUtc(), Status::Healthy, 10}, {QDateTime::currentDateTimeUtc(), Status::Degraded, 3000}};
    rd::ui::HealthRow down{u"prod"_s, u"db"_s, Status::Down, std::nullopt, u"the command 'pg_isready' exited with status 2."_s, {}};
    model.setRows({up, down});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, HealthModel::EnvironmentColumn).data().toString(), u"prod"_s);
    QCOMPARE(model.index(0, HealthModel::StatusColumn).data().toString(), u"healthy"_s);
    QCOMPARE(model.index(0, HealthModel::LatencyColumn).data().toString(), u"12 ms"_s);
    QCOMPARE(model.index(0, 0).data(HealthModel::LatencyRole).toLongLong(), 12);
    QCOMPARE(model.index(0, 0).data(HealthModel::HistoryRole).toList(), (QVariantList{qint64(10), qint64(3000)}));
    QCOMPARE(model.index(0, 0).data(HealthModel::HistoryStatusRole).toList(),
             (QVariantList{int(Status::Healthy), int(Status::Degraded)}));
    QCOMPARE(model.index(1, HealthModel::StatusColumn).data().toString(), u"down"_s);
    QCOMPARE(model.index(1, HealthModel::StatusColumn).data(HealthModel::StatusRole).toInt(), int(Status::Down));
    QCOMPARE(model.index(1, HealthModel::LatencyColumn).data().toString(), u"—"_s);
    QVERIFY(!model.index(1, 0).data(HealthModel::LatencyRole).isValid());
    QCOMPARE(model.index(1, HealthModel::ErrorColumn).data().toString(), down.error);
    QCOMPARE(model.index(1, HealthModel::CheckColumn).data(Qt::ToolTipRole).toString(), down.error);
    QCOMPARE(model.headerData(HealthModel::HistoryColumn, Qt::Horizontal).toString(), u"Recent latency"_s);
    model.setRows({});
    QCOMPARE(model.rowCount(), 0);
}

void TestHealthPanel::panelFollowsMonitor()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    rd::health::HealthMonitor monitor({command(u"qa"_s, u"up"_s, u"true"_s, dir.path()),
                                       command(u"qa"_s, u"broken"_s, u"echo 'no such service' >&2; exit 3"_s, dir.path()),
                                       command(u"prod"_s, u"up"_s, u"true"_s, dir.path())});
    rd::ui::HealthPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setMonitor(&monitor);
    QCOMPARE(panel.model()->rowCount(), 3);
    QCOMPARE(panel.model()->index(0, HealthModel::StatusColumn).data().toString(), u"unknown"_s);
    for (int round = 0; round < 3; ++round) {
        QSignalSpy idle(&monitor, &rd::health::HealthMonitor::idle);
        monitor.runOnce();
        QVERIFY(QTest::qWaitFor([&] { return !idle.isEmpty(); }, 60'000));
    }
    // The panel refreshes shortly after the checks finish.
    QVERIFY(QTest::qWaitFor([&] {
        return panel.model()->index(1, HealthModel::StatusColumn).data().toString() == u"down"_s
            && panel.model()->index(0, 0).data(HealthModel::HistoryRole).toList().size() == 3;
    }, 30'000));
    QCOMPARE(panel.model()->index(0, HealthModel::StatusColumn).data().toString(), u"healthy"_s);
    QCOMPARE(panel.model()->index(1, HealthModel::ErrorColumn).data().toString(),
             u"the command 'echo 'no such service' >&2; exit 3' exited with status 3: no such service."_s);
    panel.resize(900, 200);
    const QImage image = panel.grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(900, 200) * image.devicePixelRatio());
}

QTEST_MAIN(TestHealthPanel)
#include "tst_healthpanel.moc"
