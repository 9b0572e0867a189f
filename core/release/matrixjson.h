// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "environmentmatrix.h"

#include <QJsonObject>

namespace rd::release {

// The `list --json` document (stable contract, see docs/cli.md).
QJsonObject matrixToJson(const EnvironmentMatrix &matrix);

} // namespace rd::release
