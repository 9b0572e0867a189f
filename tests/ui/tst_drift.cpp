// SPDX-License-Identifier: GPL-3.0-or-later
// Drift as a person sees it: the demo's prod reports api v1.4.1 while the registry says
// v1.5.0 — the matrix marks that cell, and only that cell.
#include "demo/demoworkspace.h"
#include "mainwindow.h"
#include "matrixmodel.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd::ui;

class TestDrift : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void driftedCellIsMarked()
    {
        QTemporaryDir dir;
        auto file = rd::demo::createDemoWorkspace(dir.filePath(u"demo"_s));
        QVERIFY(file);
        QFile state(dir.filePath(u"demo/state/prod/api.version"_s));
        QVERIFY(state.open(QIODevice::WriteOnly | QIODevice::Truncate));
        state.write("v1.4.1\n");
        state.close();

        MainWindow window;
        QSignalSpy checked(&window, &MainWindow::driftChecked);
        window.openWorkspace(*file);
        QVERIFY(QTest::qWaitFor([&] { return !checked.isEmpty(); }, 30'000));

        const MatrixModel *model = window.matrixModel();
        const auto &matrix = model->matrix();
        int marked = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            for (int column = 1; column < model->columnCount(); ++column) {
                const QString live = model->index(row, column).data(MatrixModel::LiveVersionRole).toString();
                if (live.isEmpty())
                    continue;
                ++marked;
                QCOMPARE(matrix.rows[row].artifact, u"api"_s);
                QCOMPARE(matrix.environments[column - 1].name, u"prod"_s);
                QCOMPARE(live, u"v1.4.1"_s);
                QVERIFY(model->index(row, column).data(Qt::ToolTipRole).toString().contains(u"Drift"_s));
            }
        }
        QCOMPARE(marked, 1);
    }
};

QTEST_MAIN(TestDrift)
#include "tst_drift.moc"
