// placeholder (helper replaces this file)
#include <QTest>
class TestWorkspaceLoader : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestWorkspaceLoader)
#include "tst_workspaceloader.moc"
