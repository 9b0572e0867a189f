// SPDX-License-Identifier: GPL-3.0-or-later
#include "diff/worddiff.h"

#include <QTest>

using namespace Qt::StringLiterals;
using rd::ui::ChangedRange;

Q_DECLARE_METATYPE(QList<ChangedRange>)

namespace {

// The changed text, for readable comparisons.
QStringList pieces(const QString &line, const QList<ChangedRange> &ranges)
{
    QStringList out;
    for (const ChangedRange &r : ranges)
        out.append(line.mid(r.start, r.length));
    return out;
}

} // namespace

class TestWordDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<QString>("oldLine");
        QTest::addColumn<QString>("newLine");
        QTest::addColumn<QStringList>("removed");
        QTest::addColumn<QStringList>("added");
        QTest::newRow("one word") << u"timeout := 30"_s << u"timeout := 60"_s << QStringList{u"30"_s} << QStringList{u"60"_s};
        QTest::newRow("inserted argument") << u"f(a, b)"_s << u"f(a, x, b)"_s << QStringList() << QStringList{u"x, "_s};
        QTest::newRow("identifier, not characters") << u"handleGames()"_s << u"handleStandings()"_s
                                                    << QStringList{u"handleGames"_s} << QStringList{u"handleStandings"_s};
        QTest::newRow("adjacent changes merge") << u"a b c"_s << u"x y c"_s << QStringList{u"a b"_s} << QStringList{u"x y"_s};
        QTest::newRow("equal") << u"same"_s << u"same"_s << QStringList() << QStringList();
        QTest::newRow("from empty") << QString() << u"new text"_s << QStringList() << QStringList{u"new text"_s};
        QTest::newRow("unicode words") << u"Grüße an Kyjiw"_s << u"Grüße an Київ"_s << QStringList{u"Kyjiw"_s} << QStringList{u"Київ"_s};
    }
    void words()
    {
        QFETCH(QString, oldLine);
        QFETCH(QString, newLine);
        QFETCH(QStringList, removed);
        QFETCH(QStringList, added);
        const rd::ui::WordDiff diff = rd::ui::diffWords(oldLine, newLine);
        QCOMPARE(pieces(oldLine, diff.removed), removed);
        QCOMPARE(pieces(newLine, diff.added), added);
    }
    void longLinesAreNotCompared()
    {
        const QString a(5000, u'a');
        const QString b = a + u'b';
        const rd::ui::WordDiff diff = rd::ui::diffWords(a, b, 2000);
        QVERIFY(diff.removed.isEmpty());
        QVERIFY(diff.added.isEmpty());
        QCOMPARE(rd::ui::diffWords(u"a"_s, u"b"_s, 2000).added, (QList<ChangedRange>{{0, 1}}));
    }
};

QTEST_GUILESS_MAIN(TestWordDiff)
#include "tst_worddiff.moc"
