"""Regenerate the bad-input corpus: small synthetic malformed files (never real data).

Each case is a folder laid out like the raw-data directory, so ``read_raw`` picks the
reader by path. Run: ``.venv/bin/python tests/panel/bad_inputs/make_corpus.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
CENSUS = "census/census_city_2010-2020_v1_nogeom.csv"
LIGHTS = "remote_sensing/ntl_sum_of_lights_by_city.csv"
FDI = "city_yearbook/1996-2023年地级市外商直接投资FDI.xlsx"
FINANCE = "city_yearbook/金融发展水平（2003-2023）236缺失.xlsx"
CSMAR = "csmar_regional/CRE_Eplwagct.csv"
LIGHTS_HEADER = "province,province_id,city,city_id,year,urban_sol,agriculture_sol,total_sol\n"
CENSUS_HEADER = "city,city_code,province,province_code,popu_2020,popu_2010\n"
DES = (
    "Sgnyea [Year Sign] - \nCtnm_en [Name Of City] - \nCtnm_id [City Code] - \n"
    "Prvcnm_id [Province Sign] - \nEect01 [Total Population (Year-End)] - \n"
    "Eect02 [Total Non-Rural Population (Year-End)] - \nEect05 [Employed Persons] - \n"
    "Eect06 [Urban Individual Worker] - \n"
    "Eect11 [Annual Average Number Of All Employees] - \nEect13 [Average Wage Of Employees] - \n"
)


def write(case: str, relative: str, data: bytes | str) -> None:
    path = HERE / case / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def workbook(rows: list[list[object]], sheet: str = "Sheet1") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FINANCE_HEADER = ["年份", "省份", "城市", "省份代码", "城市代码", "所属地域", "地区生产总值(万元)",
                  "年末金融机构各项贷款余额(万元)", "年末金融机构存款余额(万元)"]  # fmt: skip


def main() -> None:
    write("empty_file", CENSUS, b"")
    write("wrong_encoding", CENSUS, (CENSUS_HEADER + "杭州市,330100,浙江省,330000,1,2\n")
          .encode("gb18030"))  # fmt: skip
    write("text_in_numeric", LIGHTS, LIGHTS_HEADER +
          "浙江省,330000,杭州市,330100,2015,1.5,0.5,2.0\n"
          "浙江省,330000,宁波市,330200,2015,1.5,0.5,about 3\n")  # fmt: skip
    write("duplicate_conflict", LIGHTS, LIGHTS_HEADER +
          "浙江省,330000,杭州市,330100,2015,1.5,0.5,2.0\n"
          "浙江省,330000,杭州市,330100,2015,1.5,0.5,2.5\n")  # fmt: skip
    write("unknown_city", CENSUS, CENSUS_HEADER +
          "杭州市,330100,浙江省,330000,11936010,8700373\n"
          "桃花源市,339900,浙江省,330000,100,90\n")  # fmt: skip
    write("wrong_header", CSMAR, '"Sgnyea","Ctnm_en","Ctnm_id","Prvcnm_id","Eect01"\n'
          '"2015","Hangzhou","330100","330000","723.55"\n')  # fmt: skip
    write("wrong_header", CSMAR.replace(".csv", "[DES][csv].txt"), DES)
    write("des_merge_conflict", CSMAR, '"Sgnyea","Ctnm_en","Ctnm_id","Prvcnm_id","Eect06"\n')
    write("des_merge_conflict", CSMAR.replace(".csv", "[DES][csv].txt"),
          DES + "<<<<<<< HEAD\nEect06 [Urban Individual Worker] - \n=======\n"
          "Eect06 [Private Enterprise Employees] - \n>>>>>>> branch\n")  # fmt: skip
    write("missing_header", FINANCE, workbook([[None] * 9, [2015, "浙江省", "杭州市", "330000",
                                                          330100, "东部", 1, 2, 3]]))  # fmt: skip
    write("mixed_units", FDI, workbook([
        ["year", "地级市", "外商直接投资", "单位", "数据来源"],
        [2015, "杭州", 71.6, "百万美元", "杭州市统计局"],
        [2016, "杭州", 7210.0, "万美元", "杭州市统计局"],
    ]))  # fmt: skip
    write("unknown_unit", FDI, workbook([
        ["year", "地级市", "外商直接投资", "单位", "数据来源"],
        [2015, "杭州", 71.6, "千欧元", "杭州市统计局"],
    ]))  # fmt: skip
    complete = workbook([FINANCE_HEADER, [2015, "浙江省", "杭州市", "330000", 330100, "东部",
                                          100429600, 233155100, 312030500]])  # fmt: skip
    write("truncated_xlsx", FINANCE, complete[: len(complete) // 2])


if __name__ == "__main__":
    main()
