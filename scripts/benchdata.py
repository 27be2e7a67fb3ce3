"""The benchmark city: a persons-certificates file of any size, the same for the same row count (seeded). Used by
scripts/bench-import and scripts/bench-verify."""
import random

DISTRICTS = ["320602", "320612", "320614", "320623", "320681", "320682", "320685"]
OCCUPATIONS = ["6-18-01-01", "6-18-01-02", "6-18-01-04", "6-18-02-04", "6-20-01-01", "6-31-01-03", "4-12-01-01",
               "4-01-02-02", "4-01-02-07", "4-04-04-02", "4-03-02-01", "4-03-02-02", "4-03-02-07", "4-10-01-05", "4-10-03-01"]
ISSUERS = ["南通市职业技能鉴定中心", "南通市技工教育培训中心", "江苏通海职业技能评价中心", "如皋市职业技能评价中心"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌玉兰俊峰志红海燕鹏宇浩然晨阳雪梅佳琪"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def resident_id(district, year, month, day, seq):
    body = f"{district}{year:04d}{month:02d}{day:02d}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def uscc(serial):
    body = f"91320600{serial:09d}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def generate(csv_path, rows):
    rng = random.Random(2023)
    employers = [(uscc(100000 + i), f"南通基准测试{i}号有限公司") for i in range(2000)]
    serial = 0
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        f.write("姓名,证件号码,手机号,所属区县,工作单位统一社会信用代码,工作单位,职业编码,工种,等级,证书编号,发证日期,评价机构\r\n")
        written = 0
        person = 0
        while written < rows:
            person += 1
            district = DISTRICTS[person % len(DISTRICTS)]
            # person number -> a unique (birth date, sequence) inside the district
            n = person // len(DISTRICTS)
            year, month, day, seq = 1960 + (n // 28 // 12 // 999) % 40, 1 + (n // 28 // 999) % 12, 1 + (n // 999) % 28, n % 999 + 1
            pid = resident_id(district, year, month, day, seq)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            phone = f"1{rng.choice(['38', '39', '58', '86'])}{rng.randrange(10**8):08d}"
            employer = rng.choice(employers) if rng.random() < 0.7 else ("", "")
            for _ in range(1 if rng.random() < 0.6 else 2):
                if written >= rows:
                    break
                serial += 1
                level = rng.randint(1, 5)
                issue_year = rng.randint(2019, 2025)
                # (site serial, serial) is unique per row, so every number is unique whatever its year and level.
                number = f"S000032{100001 + serial // 1000000:06d}{issue_year % 100:02d}{level}{serial % 1000000:06d}"
                f.write(f"{name},{pid},{phone},{district},{employer[0]},{employer[1]},{rng.choice(OCCUPATIONS)},--,{level},"
                        f"{number},{issue_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},{rng.choice(ISSUERS)}\r\n")
                written += 1
