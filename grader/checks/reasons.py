"""Reasons shared by several exercises' checks, so that the same rule is explained the same way everywhere."""

from grader.text import Text

SHAPES_DIFFER = Text(en="(n, 1) against (n,) broadcasts silently to (n, n); compare the shapes first",
                     zh="(n, 1) 与 (n,) 会被静默广播成 (n, n)；请先比较形状")
EMPTY_INPUT = Text(en="the mean of nothing is undefined (np.mean of an empty array is nan with a warning)",
                   zh="空输入没有平均值（np.mean 对空数组返回 nan 并给出警告）")
