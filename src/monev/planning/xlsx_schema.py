"""The plan workbook's layout and typed cell reading, as the form workbook
(`monev.collection.xlsx`) imports them; they live in `monev.planning.xlsx.schema`."""

from monev.planning.xlsx.schema import *  # noqa: F403
from monev.planning.xlsx.schema import __all__ as __all__
