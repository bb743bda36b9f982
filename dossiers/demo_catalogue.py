"""Demo catalogue for Hà Giang 2019: fields of procedures, the departments and districts that handle
them, a few real-looking procedures per field, and the decisions that announced them.

The steering committee's meeting of 13/06/2019 counted 28 decisions announcing lists of
administrative procedures in the first half of 2019: exactly 28 decisions here are dated from
01/01/2019 to 14/06/2019 (inside both the calendar and the Decree 09/2019 window of H1/2019), each
announcing at least one procedure. Two more from 2018 and three from the second half of 2019 (two
announcing, one only abolishing) make the period filter matter: the year 2019 has 30 announcing
decisions out of 31. Procedure names follow the national database of administrative procedures;
codes, days and decision numbers are illustrative.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from agencies.models import Agency, AgencyKind
from dossiers.catalogue import procedure_states_apply
from dossiers.models import (
    AgencyField,
    Decision,
    DecisionAction,
    DecisionItem,
    Field,
    OnlineService,
    Procedure,
    ProcedureLevel,
)

P, D, C = ProcedureLevel.PROVINCE, ProcedureLevel.DISTRICT, ProcedureLevel.COMMUNE
FULL, PART, NONE = OnlineService.FULL, OnlineService.PARTIAL, OnlineService.NONE

# (code, name, sector department, handled by that department, handled by every district,
#  other departments handling it, procedures: (name, level, processing days, online service)).
# Province-level procedures name the sector department as their handling unit; district- and
# commune-level ones name none (each district, each commune handles its own).
# fmt: off
FIELDS: list[tuple[str, str, str, bool, bool, tuple[str, ...], list[tuple[str, str, int | None, str]]]] = [
    # Văn phòng UBND tỉnh
    ("kiem-soat-tthc", "Kiểm soát thủ tục hành chính", "HG-VP", True, False, (), [
        ("Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính", P, 10, PART),
        ("Tiếp nhận, xử lý phản ánh, kiến nghị về hành vi hành chính của cán bộ, công chức", P, 10, PART),
        ("Cung cấp thông tin về thủ tục hành chính theo yêu cầu của tổ chức, cá nhân", P, 5, FULL),
    ]),
    # Thanh tra tỉnh
    ("tiep-cong-dan", "Tiếp công dân", "HG-TTT", True, True, (), [
        ("Tiếp công dân tại cấp tỉnh", P, 1, NONE),
        ("Xử lý đơn tại cấp tỉnh", P, 10, NONE),
        ("Tiếp công dân tại cấp huyện", D, 1, NONE),
        ("Tiếp công dân tại cấp xã", C, 1, NONE),
    ]),
    ("khieu-nai", "Giải quyết khiếu nại", "HG-TTT", True, True, ("HG-VP", "HG-BDT"), [
        ("Giải quyết khiếu nại lần đầu tại cấp tỉnh", P, 30, NONE),
        ("Giải quyết khiếu nại lần hai tại cấp tỉnh", P, 45, NONE),
        ("Giải quyết khiếu nại lần đầu tại cấp huyện", D, 30, NONE),
        ("Giải quyết khiếu nại lần hai tại cấp huyện", D, 45, NONE),
        ("Giải quyết khiếu nại lần đầu tại cấp xã", C, 30, NONE),
    ]),
    ("to-cao", "Giải quyết tố cáo", "HG-TTT", True, True, (), [
        ("Giải quyết tố cáo tại cấp tỉnh", P, 60, NONE),
        ("Giải quyết tố cáo tại cấp huyện", D, 60, NONE),
        ("Giải quyết tố cáo tại cấp xã", C, 60, NONE),
    ]),
    # Sở Nội vụ
    ("to-chuc-bien-che", "Tổ chức - Biên chế", "HG-SNV", True, False, (), [
        ("Thẩm định thành lập đơn vị sự nghiệp công lập", P, 20, NONE),
        ("Thẩm định tổ chức lại đơn vị sự nghiệp công lập", P, 20, NONE),
        ("Thẩm định giải thể đơn vị sự nghiệp công lập", P, 20, NONE),
    ]),
    ("thi-dua-khen-thuong", "Thi đua - Khen thưởng", "HG-SNV", True, True, (), [
        ("Tặng Bằng khen của Chủ tịch UBND tỉnh theo công trạng và thành tích đạt được", P, 20, PART),
        ("Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", P, 20, PART),
        ("Tặng Cờ thi đua của UBND tỉnh", P, 20, PART),
        ("Tặng Giấy khen của Chủ tịch UBND cấp huyện", D, 20, PART),
    ]),
    ("van-thu-luu-tru", "Văn thư - Lưu trữ", "HG-SNV", True, False, (), [
        ("Cấp chứng chỉ hành nghề lưu trữ", P, 15, PART),
        ("Cấp lại chứng chỉ hành nghề lưu trữ", P, 10, PART),
        ("Phục vụ việc sử dụng tài liệu của độc giả tại phòng đọc", P, 2, NONE),
    ]),
    # Sở Tư pháp
    ("ho-tich", "Hộ tịch", "HG-STP", True, True, (), [
        ("Cấp bản sao trích lục hộ tịch tại Sở Tư pháp", P, 1, FULL),
        ("Đăng ký khai sinh có yếu tố nước ngoài", D, 15, PART),
        ("Đăng ký kết hôn có yếu tố nước ngoài", D, 15, PART),
        ("Đăng ký khai sinh", C, 1, FULL),
        ("Cấp bản sao trích lục hộ tịch", C, 1, FULL),
    ]),
    ("ly-lich-tu-phap", "Lý lịch tư pháp", "HG-STP", True, False, (), [
        (
            "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
            P, 10, FULL,
        ),
        ("Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng", P, 10, PART),
        ("Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội", P, 10, PART),
    ]),
    ("cong-chung", "Công chứng", "HG-STP", True, False, (), [
        ("Thành lập Văn phòng công chứng", P, 20, PART),
        ("Đăng ký hoạt động Văn phòng công chứng", P, 10, PART),
        ("Đăng ký hành nghề và cấp Thẻ công chứng viên", P, 10, PART),
        ("Chuyển đổi Văn phòng công chứng do một công chứng viên thành lập", P, 20, NONE),
    ]),
    ("luat-su", "Luật sư", "HG-STP", True, False, (), [
        ("Đăng ký hoạt động của tổ chức hành nghề luật sư", P, 10, PART),
        ("Thay đổi nội dung đăng ký hoạt động của tổ chức hành nghề luật sư", P, 10, PART),
        ("Đăng ký hành nghề luật sư với tư cách cá nhân", P, 7, PART),
    ]),
    ("tro-giup-phap-ly", "Trợ giúp pháp lý", "HG-STP", True, False, (), [
        ("Yêu cầu trợ giúp pháp lý", P, 2, NONE),
        ("Đăng ký tham gia trợ giúp pháp lý", P, 10, PART),
        ("Cấp thẻ cộng tác viên trợ giúp pháp lý", P, 10, PART),
    ]),
    ("chung-thuc", "Chứng thực", "HG-STP", False, True, (), [
        ("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp", D, 1, NONE),
        ("Chứng thực chữ ký trong các giấy tờ, văn bản", D, 1, NONE),
        ("Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", D, 2, NONE),
        ("Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", C, 2, NONE),
    ]),
    # Sở Kế hoạch và Đầu tư
    ("doanh-nghiep", "Thành lập và hoạt động doanh nghiệp", "HG-SKHDT", True, False, (), [
        ("Đăng ký thành lập doanh nghiệp tư nhân", P, 3, FULL),
        ("Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", P, 3, FULL),
        ("Đăng ký thành lập công ty cổ phần", P, 3, FULL),
        ("Đăng ký thay đổi người đại diện theo pháp luật của công ty", P, 3, FULL),
        ("Thông báo tạm ngừng kinh doanh", P, 3, FULL),
    ]),
    ("dau-tu", "Đầu tư tại Việt Nam", "HG-SKHDT", True, False, (), [
        ("Quyết định chủ trương đầu tư của UBND cấp tỉnh", P, 35, PART),
        ("Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện quyết định chủ trương đầu tư", P, 15, PART),
        ("Điều chỉnh Giấy chứng nhận đăng ký đầu tư", P, 10, PART),
        ("Chấm dứt hoạt động dự án đầu tư", P, 15, NONE),
    ]),
    ("hop-tac-xa", "Thành lập và hoạt động của hợp tác xã", "HG-SKHDT", True, True, (), [
        ("Đăng ký thành lập liên hiệp hợp tác xã", P, 5, PART),
        ("Đăng ký thay đổi nội dung đăng ký liên hiệp hợp tác xã", P, 5, PART),
        ("Đăng ký thành lập hợp tác xã", D, 5, PART),
        ("Giải thể tự nguyện hợp tác xã", D, 5, NONE),
    ]),
    ("ho-kinh-doanh", "Thành lập và hoạt động hộ kinh doanh", "HG-SKHDT", False, True, (), [
        ("Đăng ký thành lập hộ kinh doanh", D, 3, PART),
        ("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", D, 3, PART),
        ("Tạm ngừng hoạt động hộ kinh doanh", D, 3, PART),
        ("Chấm dứt hoạt động hộ kinh doanh", D, 3, PART),
    ]),
    # Sở Tài chính
    ("quan-ly-gia", "Quản lý giá", "HG-STC", True, False, (), [
        ("Đăng ký giá của các doanh nghiệp thuộc phạm vi cấp tỉnh", P, 5, PART),
        ("Kê khai giá của các doanh nghiệp thuộc phạm vi cấp tỉnh", P, 5, PART),
        ("Hiệp thương giá", P, 15, NONE),
    ]),
    ("cong-san", "Quản lý công sản", "HG-STC", True, False, (), [
        ("Quyết định mua sắm tài sản công phục vụ hoạt động của cơ quan, tổ chức, đơn vị", P, 30, NONE),
        ("Quyết định thanh lý tài sản công", P, 30, NONE),
        ("Quyết định điều chuyển tài sản công", P, 30, NONE),
    ]),
    # Sở Công Thương
    ("luu-thong-hang-hoa", "Lưu thông hàng hóa trong nước", "HG-SCT", True, True, (), [
        ("Cấp Giấy phép bán buôn rượu trên địa bàn tỉnh", P, 15, PART),
        ("Cấp Giấy phép bán buôn sản phẩm thuốc lá", P, 15, PART),
        ("Cấp Giấy phép bán lẻ rượu", D, 10, PART),
        ("Cấp Giấy phép bán lẻ sản phẩm thuốc lá", D, 15, PART),
    ]),
    ("dien", "Điện", "HG-SCT", True, False, (), [
        ("Cấp giấy phép hoạt động phát điện đối với nhà máy điện có quy mô dưới 3 MW", P, 15, PART),
        ("Cấp giấy phép hoạt động bán lẻ điện", P, 15, PART),
        ("Cấp thẻ kiểm tra viên điện lực", P, 10, PART),
    ]),
    # Sở Nông nghiệp và PTNT
    ("trong-trot", "Trồng trọt và Bảo vệ thực vật", "HG-SNN", True, False, (), [
        ("Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón", P, 20, PART),
        ("Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật", P, 20, PART),
        ("Cấp giấy xác nhận nội dung quảng cáo thuốc bảo vệ thực vật", P, 10, PART),
    ]),
    ("thu-y", "Thú y", "HG-SNN", True, False, (), [
        ("Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y", P, 20, PART),
        ("Cấp Giấy chứng nhận vùng an toàn dịch bệnh động vật", P, 15, NONE),
        ("Cấp chứng chỉ hành nghề thú y", P, 5, PART),
    ]),
    ("lam-nghiep", "Lâm nghiệp", "HG-SNN", True, False, (), [
        ("Phê duyệt, điều chỉnh thiết kế dự toán công trình lâm sinh", P, 20, NONE),
        ("Xác nhận bảng kê lâm sản", P, 3, NONE),
        ("Phê duyệt phương án quản lý rừng bền vững của chủ rừng là tổ chức", P, 35, NONE),
    ]),
    # Sở Giao thông vận tải
    ("duong-bo", "Đường bộ", "HG-SGTVT", True, False, (), [
        ("Cấp đổi Giấy phép lái xe do ngành Giao thông vận tải cấp", P, 5, FULL),
        ("Cấp Giấy phép kinh doanh vận tải bằng xe ô tô", P, 5, PART),
        ("Cấp phù hiệu xe taxi, xe hợp đồng, xe vận tải hàng hóa bằng công-ten-nơ", P, 2, PART),
        ("Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn trên đường bộ", P, 2, PART),
        (
            "Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ",
            P, 7, PART,
        ),
    ]),
    ("duong-thuy", "Đường thủy nội địa", "HG-SGTVT", True, False, (), [
        ("Đăng ký phương tiện thủy nội địa lần đầu", P, 3, PART),
        ("Cấp giấy phép hoạt động bến thủy nội địa", P, 5, PART),
        ("Công bố hoạt động cảng thủy nội địa", P, 5, NONE),
    ]),
    # Sở Xây dựng
    ("hoat-dong-xay-dung", "Hoạt động xây dựng", "HG-SXD", True, True, (), [
        ("Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II", P, 20, PART),
        ("Thẩm định dự án, dự án điều chỉnh hoặc thẩm định thiết kế cơ sở", P, 20, NONE),
        ("Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", P, 20, PART),
        ("Cấp giấy phép xây dựng nhà ở riêng lẻ", D, 15, PART),
        ("Cấp giấy phép sửa chữa, cải tạo công trình", D, 15, PART),
    ]),
    ("quy-hoach-xay-dung", "Quy hoạch xây dựng", "HG-SXD", True, False, (), [
        ("Cung cấp thông tin về quy hoạch xây dựng", P, 15, PART),
        ("Thẩm định nhiệm vụ, đồ án quy hoạch chi tiết xây dựng", P, 20, NONE),
        ("Cấp giấy phép quy hoạch dự án đầu tư xây dựng", P, 30, NONE),
    ]),
    # Sở Tài nguyên và Môi trường
    ("dat-dai", "Đất đai", "HG-STNMT", True, True, (), [
        ("Giao đất, cho thuê đất không thông qua hình thức đấu giá quyền sử dụng đất", P, 20, PART),
        ("Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với tổ chức", P, 15, PART),
        (
            "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất "
            "lần đầu",
            D, 30, PART,
        ),
        ("Đăng ký biến động quyền sử dụng đất do chuyển nhượng, thừa kế, tặng cho", D, 10, PART),
        ("Chuyển mục đích sử dụng đất phải được phép đối với hộ gia đình, cá nhân", D, 15, PART),
    ]),
    ("moi-truong", "Môi trường", "HG-STNMT", True, True, (), [
        ("Thẩm định, phê duyệt báo cáo đánh giá tác động môi trường", P, 30, PART),
        ("Xác nhận hoàn thành công trình bảo vệ môi trường", P, 15, PART),
        ("Cấp Sổ đăng ký chủ nguồn thải chất thải nguy hại", P, 15, PART),
        ("Xác nhận đăng ký kế hoạch bảo vệ môi trường", D, 10, PART),
    ]),
    ("tai-nguyen-nuoc", "Tài nguyên nước", "HG-STNMT", True, False, (), [
        ("Cấp giấy phép khai thác, sử dụng nước mặt", P, 30, PART),
        ("Cấp giấy phép khai thác, sử dụng nước dưới đất", P, 30, PART),
        ("Cấp giấy phép xả nước thải vào nguồn nước", P, 30, PART),
    ]),
    # Sở Thông tin và Truyền thông
    ("bao-chi", "Báo chí", "HG-STTTT", True, False, (), [
        ("Cấp giấy phép xuất bản bản tin", P, 10, PART),
        ("Cho phép họp báo trong nước", P, 2, PART),
        ("Văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin", P, 7, PART),
    ]),
    ("xuat-ban", "Xuất bản, In và Phát hành", "HG-STTTT", True, False, (), [
        ("Cấp giấy phép hoạt động in", P, 7, PART),
        ("Cấp giấy phép xuất bản tài liệu không kinh doanh", P, 10, FULL),
        ("Đăng ký hoạt động cơ sở in", P, 5, FULL),
        ("Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh", P, 5, PART),
    ]),
    # Sở Lao động - Thương binh và Xã hội
    ("nguoi-co-cong", "Người có công", "HG-SLDTBXH", True, True, (), [
        ("Giải quyết chế độ trợ cấp ưu đãi đối với thân nhân liệt sĩ", P, 20, NONE),
        ("Giải quyết chế độ người hoạt động kháng chiến bị nhiễm chất độc hóa học", P, 20, NONE),
        ("Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình", D, 15, NONE),
        ("Giải quyết trợ cấp mai táng phí đối với người có công với cách mạng", D, 10, NONE),
    ]),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội", "HG-SLDTBXH", True, True, (), [
        ("Đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập thuộc thẩm quyền của Sở", P, 15, PART),
        ("Tiếp nhận đối tượng bảo trợ xã hội vào cơ sở trợ giúp xã hội cấp tỉnh", P, 7, NONE),
        ("Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng", D, 20, PART),
        ("Hỗ trợ kinh phí mai táng cho đối tượng bảo trợ xã hội", D, 5, NONE),
    ]),
    ("viec-lam", "Việc làm", "HG-SLDTBXH", True, False, (), [
        ("Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", P, 5, PART),
        ("Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động", P, 3, PART),
        ("Giải quyết hưởng trợ cấp thất nghiệp", P, 20, PART),
        ("Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp", P, 7, PART),
    ]),
    # Sở Văn hóa, Thể thao và Du lịch
    ("van-hoa-co-so", "Văn hóa cơ sở", "HG-SVHTTDL", True, True, (), [
        ("Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường", P, 5, PART),
        ("Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", D, 5, PART),
        ("Công nhận lần đầu danh hiệu Thôn văn hóa, Tổ dân phố văn hóa", D, 10, NONE),
    ]),
    ("du-lich", "Du lịch", "HG-SVHTTDL", True, False, (), [
        ("Cấp thẻ hướng dẫn viên du lịch nội địa", P, 10, FULL),
        ("Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa", P, 10, PART),
        ("Công nhận hạng cơ sở lưu trú du lịch hạng 1 sao, 2 sao", P, 30, PART),
        ("Cấp đổi thẻ hướng dẫn viên du lịch", P, 10, PART),
    ]),
    ("the-duc-the-thao", "Thể dục thể thao", "HG-SVHTTDL", True, False, (), [
        ("Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao", P, 7, PART),
        ("Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao của tỉnh", P, 10, NONE),
        ("Tổ chức giải thi đấu thể thao quần chúng cấp tỉnh", P, 10, NONE),
    ]),
    # Sở Khoa học và Công nghệ
    ("khoa-hoc-cong-nghe", "Hoạt động khoa học và công nghệ", "HG-SKHCN", True, False, (), [
        ("Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", P, 15, PART),
        ("Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử dụng ngân sách nhà nước", P, 15, PART),
        ("Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ", P, 7, PART),
    ]),
    ("tieu-chuan-do-luong", "Tiêu chuẩn, Đo lường, Chất lượng", "HG-SKHCN", True, False, (), [
        ("Đăng ký công bố hợp chuẩn dựa trên kết quả chứng nhận của tổ chức chứng nhận", P, 5, PART),
        ("Kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu", P, 1, NONE),
        ("Đăng ký kiểm tra nhà nước về đo lường đối với phương tiện đo nhập khẩu", P, 5, PART),
    ]),
    # Sở Giáo dục và Đào tạo
    ("giao-duc", "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", "HG-SGDDT", True, True, (), [
        ("Thành lập trường trung học phổ thông công lập", P, 20, NONE),
        ("Cho phép trường trung học phổ thông hoạt động giáo dục", P, 20, NONE),
        ("Chuyển trường đối với học sinh trung học phổ thông", P, 3, PART),
        ("Thành lập trường trung học cơ sở công lập", D, 20, NONE),
        ("Cho phép trường mầm non hoạt động giáo dục", D, 20, NONE),
    ]),
    ("van-bang-chung-chi", "Văn bằng, chứng chỉ", "HG-SGDDT", True, False, (), [
        ("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", P, 1, FULL),
        ("Chỉnh sửa nội dung văn bằng, chứng chỉ", P, 5, PART),
        ("Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp", P, 20, PART),
    ]),
    # Sở Y tế
    ("kham-chua-benh", "Khám bệnh, chữa bệnh", "HG-SYT", True, False, (), [
        ("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh đối với người Việt Nam", P, 30, PART),
        ("Cấp giấy phép hoạt động đối với phòng khám chuyên khoa", P, 45, PART),
        ("Cấp lại chứng chỉ hành nghề khám bệnh, chữa bệnh bị mất hoặc hư hỏng", P, 5, PART),
        ("Cấp giấy phép hoạt động đối với trạm y tế cấp xã", P, 45, NONE),
    ]),
    ("duoc-pham", "Dược phẩm", "HG-SYT", True, False, (), [
        ("Cấp Chứng chỉ hành nghề dược", P, 20, PART),
        ("Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho cơ sở bán lẻ thuốc", P, 30, PART),
        ("Điều chỉnh nội dung Chứng chỉ hành nghề dược", P, 10, PART),
        ("Cấp lại Chứng chỉ hành nghề dược", P, 5, PART),
    ]),
    ("an-toan-thuc-pham", "An toàn thực phẩm và Dinh dưỡng", "HG-SYT", True, False, (), [
        ("Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất thực phẩm", P, 20, PART),
        ("Đăng ký bản công bố sản phẩm nhập khẩu đối với thực phẩm dinh dưỡng y học", P, 7, PART),
        ("Cấp Giấy xác nhận nội dung quảng cáo thực phẩm", P, 10, PART),
    ]),
    # Sở Ngoại vụ
    ("lanh-su", "Lãnh sự", "HG-SNGV", True, False, (), [
        ("Cho phép doanh nhân sử dụng thẻ đi lại của doanh nhân APEC", P, 10, PART),
        ("Tiếp nhận hồ sơ đề nghị cấp hộ chiếu ngoại giao, hộ chiếu công vụ", P, 5, NONE),
        ("Đề nghị xác minh nhân thân người Việt Nam ở nước ngoài", P, 10, NONE),
    ]),
    ("hop-tac-quoc-te", "Hợp tác quốc tế", "HG-SNGV", True, False, (), [
        ("Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Chủ tịch UBND tỉnh", P, 15, PART),
        ("Phê duyệt khoản viện trợ phi chính phủ nước ngoài", P, 30, NONE),
        ("Đăng ký hoạt động của tổ chức phi chính phủ nước ngoài trên địa bàn tỉnh", P, 30, NONE),
    ]),
    # Ban Dân tộc
    ("cong-tac-dan-toc", "Công tác dân tộc", "HG-BDT", True, False, (), [
        ("Công nhận người có uy tín trong đồng bào dân tộc thiểu số", P, 15, NONE),
        ("Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số", P, 15, NONE),
        ("Hỗ trợ kinh phí thăm hỏi, động viên người có uy tín", P, 10, NONE),
    ]),
]

# fmt: on

CHAIRMAN = "Nguyễn Văn Sơn"
VICE_CHAIRMEN = ("Nguyễn Minh Tiến", "Trần Đức Quý", "Hoàng Gia Long")
DISTRICT_AUTHORITY = "UBND cấp huyện, UBND cấp xã"

# (number, date, signer, fields announced, amended procedures, abolished procedures).
# A procedure is named (field code, its index in that field's list).
# fmt: off
DECISIONS: list[tuple[str, str, str, tuple[str, ...], tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]] = [
    # 2018: before every 2019 window (Decree 09's H1/2019 starts on 15/12/2018).
    ("486/QĐ-UBND", "20/03/2018", CHAIRMAN, ("ho-tich", "chung-thuc"), (), ()),
    ("2190/QĐ-UBND", "10/10/2018", "Nguyễn Minh Tiến", ("dat-dai",), (), ()),
    # First half of 2019: the 28 the steering committee counted on 13/06/2019.
    ("35/QĐ-UBND", "08/01/2019", CHAIRMAN, ("doanh-nghiep",), (), ()),
    ("79/QĐ-UBND", "15/01/2019", CHAIRMAN, ("ly-lich-tu-phap", "cong-chung"), (("ho-tich", 1),), ()),
    ("126/QĐ-UBND", "22/01/2019", "Trần Đức Quý", ("dau-tu",), (), ()),
    ("171/QĐ-UBND", "29/01/2019", CHAIRMAN, ("bao-tro-xa-hoi",), (), ()),
    ("243/QĐ-UBND", "18/02/2019", "Hoàng Gia Long", ("kham-chua-benh",), (), ()),
    ("297/QĐ-UBND", "25/02/2019", CHAIRMAN, ("luat-su", "tro-giup-phap-ly"), (), (("chung-thuc", 3),)),
    ("338/QĐ-UBND", "01/03/2019", "Nguyễn Minh Tiến", ("hop-tac-xa", "ho-kinh-doanh"), (), ()),
    ("389/QĐ-UBND", "08/03/2019", CHAIRMAN, ("duong-bo",), (), ()),
    ("421/QĐ-UBND", "13/03/2019", "Trần Đức Quý", ("moi-truong", "tai-nguyen-nuoc"), (("dat-dai", 3),), ()),
    ("468/QĐ-UBND", "20/03/2019", CHAIRMAN, ("nguoi-co-cong", "viec-lam"), (), ()),
    ("502/QĐ-UBND", "26/03/2019", "Hoàng Gia Long", ("duoc-pham", "an-toan-thuc-pham"), (), ()),
    ("547/QĐ-UBND", "02/04/2019", CHAIRMAN, ("tiep-cong-dan", "khieu-nai", "to-cao"), (), ()),
    ("590/QĐ-UBND", "09/04/2019", "Nguyễn Minh Tiến", ("hoat-dong-xay-dung",), (), ()),
    ("633/QĐ-UBND", "16/04/2019", CHAIRMAN, ("quy-hoach-xay-dung",), (), ()),
    ("674/QĐ-UBND", "22/04/2019", "Trần Đức Quý", ("trong-trot", "thu-y"), (), ()),
    ("712/QĐ-UBND", "26/04/2019", CHAIRMAN, ("lam-nghiep",), (), ()),
    ("759/QĐ-UBND", "07/05/2019", "Hoàng Gia Long", ("du-lich", "the-duc-the-thao"), (), ()),
    ("798/QĐ-UBND", "10/05/2019", CHAIRMAN, ("to-chuc-bien-che", "thi-dua-khen-thuong"), (), ()),
    ("836/QĐ-UBND", "15/05/2019", CHAIRMAN, ("van-thu-luu-tru",), (), ()),
    ("871/QĐ-UBND", "20/05/2019", "Nguyễn Minh Tiến", ("quan-ly-gia", "cong-san"), (), ()),
    ("905/QĐ-UBND", "23/05/2019", CHAIRMAN, ("luu-thong-hang-hoa", "dien"), (), ()),
    ("942/QĐ-UBND", "28/05/2019", "Trần Đức Quý", ("bao-chi", "xuat-ban"), (), ()),
    ("978/QĐ-UBND", "31/05/2019", CHAIRMAN, ("khoa-hoc-cong-nghe", "tieu-chuan-do-luong"), (), ()),
    ("1013/QĐ-UBND", "04/06/2019", "Hoàng Gia Long", ("van-bang-chung-chi",), (), ()),
    ("1046/QĐ-UBND", "06/06/2019", CHAIRMAN, ("kiem-soat-tthc",), (), ()),
    ("1071/QĐ-UBND", "10/06/2019", "Nguyễn Minh Tiến", ("duong-thuy",), (("duong-bo", 1),), ()),
    ("1094/QĐ-UBND", "11/06/2019", CHAIRMAN, ("lanh-su", "hop-tac-quoc-te"), (), ()),
    ("1108/QĐ-UBND", "12/06/2019", CHAIRMAN, ("cong-tac-dan-toc",), (), ()),
    # Second half of 2019 (inside both year windows: Decree 09's year ends on 14/12).
    ("1450/QĐ-UBND", "20/08/2019", "Trần Đức Quý", ("van-hoa-co-so",), (), ()),
    ("1789/QĐ-UBND", "11/10/2019", CHAIRMAN, ("giao-duc",), (("doanh-nghiep", 3),), ()),
    ("2235/QĐ-UBND", "26/11/2019", "Nguyễn Minh Tiến", (), (), (("luu-thong-hang-hoa", 1), ("dien", 2))),
]
# fmt: on


def procedure_code(index: int) -> str:
    """A code in the national database's style (1.000893): the demo's own, not the real ones."""
    return f"{1 + index % 2}.{893 + 37 * index:06d}"


def _date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _authorities(fields: list[tuple], units: dict[str, Agency]) -> list[str]:
    names: list[str] = []
    for _code, _name, sector, dept, district, others, _procedures in fields:
        for code in ((sector,) if dept else ()) + others:
            name = units[code].name if code in units else code
            if name not in names:
                names.append(name)
        if district and DISTRICT_AUTHORITY not in names:
            names.append(DISTRICT_AUTHORITY)
    return names


def _title(announced: list[tuple], abolished: list[tuple], units: dict[str, Agency]) -> str:
    if announced:
        verb = "mới ban hành, sửa đổi, bổ sung" + (" và bị bãi bỏ" if abolished else "")
        fields = announced
    else:
        verb, fields = "bị bãi bỏ", abolished
    names = ", ".join(dict.fromkeys(f[1] for f in fields))
    return (
        f"Về việc công bố danh mục thủ tục hành chính {verb} lĩnh vực {names} "
        f"thuộc thẩm quyền giải quyết của {'; '.join(_authorities(fields, units))}"
    )


@transaction.atomic
def seed_catalogue(ctx: dict) -> dict[str, Field]:
    """seed_demo step: fields, their units, procedures, decisions. Safe to run twice.

    Needs ctx["units"] (agencies.demo); sets ctx["fields"] and returns it (field code → Field)."""
    units: dict[str, Agency] = ctx["units"]
    fields: dict[str, Field] = {}
    procedures: dict[tuple[str, int], Procedure] = {}
    departments = {code: unit for code, unit in units.items() if unit.kind == AgencyKind.DEPARTMENT}
    districts = [unit for unit in units.values() if unit.kind == AgencyKind.DISTRICT]
    index = 0
    for order, (code, name, sector, dept, district, others, rows) in enumerate(FIELDS, start=1):
        field, _created = Field.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
        fields[code] = field
        handlers = [departments[c] for c in ((sector,) if dept else ()) + others if c in departments]
        if district:
            # The district handles its procedures; its public-administration centre only receives them.
            handlers += districts
        for agency in handlers:
            AgencyField.objects.get_or_create(agency=agency, field=field)
        for position, (title, level, days, online) in enumerate(rows):
            procedure, _created = Procedure.objects.update_or_create(
                code=procedure_code(index),
                defaults={
                    "name": title,
                    "field": field,
                    "level": level,
                    "agency": departments.get(sector) if level == ProcedureLevel.PROVINCE else None,
                    "processing_days": days,
                    "online_service": online,
                },
            )
            procedures[(code, position)] = procedure
            index += 1

    spec = {f[0]: f for f in FIELDS}
    for number, date, signer, announced, amended, abolished in DECISIONS:
        # Numbers restart every year: a decision is its number in the year of its date.
        decision, _created = Decision.objects.update_or_create(
            number=number,
            date__year=_date(date).year,
            defaults={
                "date": _date(date),
                "signer": signer,
                "title": _title([spec[c] for c in announced], [spec[c] for c, _i in abolished], units),
            },
        )
        actions = [
            *((procedures[(c, i)], DecisionAction.ADD) for c in announced for i in range(len(spec[c][6]))),
            *((procedures[key], DecisionAction.CHANGE) for key in amended),
            *((procedures[key], DecisionAction.REMOVE) for key in abolished),
        ]
        for procedure, action in actions:
            DecisionItem.objects.update_or_create(decision=decision, procedure=procedure, defaults={"action": action})
    procedure_states_apply(procedure_ids=[p.pk for p in procedures.values()])
    ctx["fields"] = fields
    return fields
