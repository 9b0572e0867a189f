// SPDX-License-Identifier: GPL-3.0-or-later
#include "matrixjson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

QJsonValue nullable(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue cellToJson(const MatrixCell &cell)
{
    switch (cell.state) {
    case MatrixCell::State::NotDeployed:
        return QJsonValue::Null;
    case MatrixCell::State::Error:
        // The contract's fields stay present (null or empty) so consumers need no special case.
        return QJsonObject{{u"version"_s, QJsonValue::Null}, {u"tags"_s, QJsonArray()}, {u"digest"_s, QJsonValue::Null},
                           {u"commit"_s, QJsonValue::Null}, {u"created"_s, QJsonValue::Null}, {u"error"_s, cell.error}};
    case MatrixCell::State::Deployed:
        break;
    }
    return QJsonObject{
        {u"version"_s, nullable(cell.version)},
        {u"tags"_s, QJsonArray::fromStringList(cell.tags)},
        {u"digest"_s, cell.digest},
        {u"commit"_s, nullable(cell.commit)},
        {u"subject"_s, nullable(cell.commitSubject)},
        {u"created"_s, cell.created.isValid() ? QJsonValue(cell.created.toUTC().toString(Qt::ISODate)) : QJsonValue::Null},
        {u"behind"_s, cell.behind},
        {u"ahead"_s, cell.ahead},
    };
}

} // namespace

QJsonObject matrixToJson(const EnvironmentMatrix &matrix)
{
    QJsonArray environments;
    for (const MatrixEnvironment &environment : matrix.environments)
        environments.append(environment.name);
    QJsonArray artifacts;
    for (const MatrixRow &row : matrix.rows) {
        QJsonObject cells;
        for (qsizetype i = 0; i < row.cells.size() && i < matrix.environments.size(); ++i)
            cells.insert(matrix.environments[i].name, cellToJson(row.cells[i]));
        artifacts.append(QJsonObject{{u"name"_s, row.artifact}, {u"image"_s, row.image}, {u"cells"_s, cells}});
    }
    return {{u"environments"_s, environments}, {u"artifacts"_s, artifacts}};
}

} // namespace rd::release
