// Monarch syntax highlighting for the matter language.
// Generated from the grammar by dsl/src/language/syntaxes.ts (npm run langium:generate); do not edit.
export default {
    keywords: [
        'complaintAcceptance','consultationForward','supervisionDefaults','correctionDeadline','socialOrganisation','consultationReply','otherOrganisation','specialProcedures','annualInspection','parentDepartment','deemedWithdrawn','goodRecordFirst','afterPreReview','originalOrCopy','serviceObjects','unincorporated','onlinePayment','publicService','quantityLimit','rectification','adjudication','announcement','confirmation','consultation','expertReview','intermediary','publicNotice','afterPeriod','appliesWhen','appointment','bringOrMail','conclusions','corrections','declaration','eligibility','enforcement','firstReview','formerNames','institution','officeHours','onlineDepth','supervision','afterwards','commitment','conditions','creditCode','department','enterprise','government','halfYearly','indefinite','inspection','onlineForm','otherPower','perLicence','punishment','quarantine','submission','yellowCard','applicant','appraisal','basicPass','complaint','extension','licensing','localCode','materials','paperSize','pastLegal','preReview','quarterly','supported','calendar','delivery','document','eLicence','idNumber','maxPages','moreThan','national','optional','original','parallel','promised','province','referral','replaces','required','template','township','validity','waivable','workdays','信用良好可先受理','统一社会信用代码','address','anomaly','auction','benefit','deliver','express','hearing','holiday','licence','maximum','minimum','monthly','overdue','redCard','sameDay','testing','village','warning','written','现场提交或邮寄','accept','before','choice','copies','county','decide','filing','issuer','letter','limits','matter','months','number','onSite','online','parent','period','person','places','reason','region','result','review','reward','sample','source','stages','tender','visits','window','yearly','其他行政权力','原件或复印件','社会组织法人','超过法定时限','basis','bring','email','false','hours','joint','later','legal','level','money','other','pages','paper','phone','roles','steps','times','years','yesNo','申请人自备','非法人企业','city','code','copy','date','days','fail','fees','form','lead','levy','mail','mode','none','note','only','pass','scan','text','true','type','unit','when','yuan','上级部门','专家评审','中介机构','事业法人','企业法人','公共服务','其他组织','到场次数','办公时间','办理地点','办理时间','咨询答复','咨询转办','在线填报','地方编码','基本合格','审核转报','容缺后补','差评整改','承诺内容','投诉受理','数量限制','服务对象','每证限办','特殊程序','现场提交','申请条件','电子证照','纸质材料','网上支付','网上申报','网办深度','行政处罚','行政奖励','行政强制','行政征收','行政机关','行政检查','行政确认','行政给付','行政裁决','行政许可','补正期限','视为撤回','调休上班','身份证号','默认监察','and','due','max','not','tbc','不合格','到期前','可减免','国家级','复印件','工作日','待确认','扫描件','时间窗','曾用名','最大值','最小值','有效期','期满后','每半年','每季度','自然人','自然日','节假日','适用于','非必要','预审后','A3','A4','by','or','to','一级','三级','上级','个月','乡级','书面','事项','二级','代替','代码','依据','信函','公告','公示','其他','决定','初审','单位','原件','原因','县级','受理','合格','听证','周期','咨询','四级','地区','地址','备案','复核','实地','审查','审核','小时','层级','市级','年检','并联','延期','异常','当日','必填','必要','快递','截止','批文','承诺','投诉','拍卖','招标','支持','收费','数字','文本','方式','无需','日历','日期','时限','是否','最多','最长','材料','村级','条件','来源','样本','核发','检测','检疫','检验','模板','每年','每月','法定','牵头','环节','现场','电话','监察','省级','类型','红牌','结果','结论','编码','网上','联合','补正','表单','规格','角色','证照','说明','超期','超过','送达','选填','选项','递交','逾期','邮寄','邮箱','部门','金额','鉴定','长期','阶段','预审','预约','预警','黄牌','且','仅','份','元','否','年','当','或','无','日','是','次','由','至','非','页'
    ],
    operators: [
        '!=','<=','>=','(',')',',','-',':',';','<','=','>','{','}','≠','≤','≥','、','（','）','，','：','；','＜','＝','＞','｛','｝'
    ],
    ignoreCase: false,
    symbols: /!=|<=|>=|\(|\)|,|\-|:|;|<|=|>|\{|\}|≠|≤|≥|、|（|）|，|：|；|＜|＝|＞|｛|｝/,

    tokenizer: {
        initial: [
            { regex: /\d{4}-\d{2}-\d{2}/, action: {"token":"number"} },
            { regex: /\d{2}-\d{2}/, action: {"token":"number"} },
            { regex: /\d{1,2}:\d{2}/, action: {"token":"number"} },
            { regex: /\d+(\.\d+)?/, action: {"token":"number"} },
            { regex: /(?:[A-Za-z_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]|（[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+）|《[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+》|【[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+】|〔[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+〕)(?:[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·]|（[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+）|《[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+》|【[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+】|〔[A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·、，\-]+〕)*/, action: { cases: { '@keywords': {"token":"keyword"}, '@default': {"token":"ID"} }} },
            { regex: /"""[\s\S]*?"""|"(\\.|[^"\\\r\n])*"|“[^”\r\n]*”|'(\\.|[^'\\\r\n])*'/, action: {"token":"string"} },
            { include: '@whitespace' },
            { regex: /@symbols/, action: { cases: { '@operators': {"token":"operator"}, '@default': {"token":""} }} },
        ],
        whitespace: [
            { regex: /[\s\u3000]+/, action: {"token":"white"} },
            { regex: /\/\*/, action: {"token":"comment","next":"@comment"} },
            { regex: /\/\/[^\n\r]*/, action: {"token":"comment"} },
        ],
        comment: [
            { regex: /[^/\*]+/, action: {"token":"comment"} },
            { regex: /\*\//, action: {"token":"comment","next":"@pop"} },
            { regex: /[/\*]/, action: {"token":"comment"} },
        ],
    }
};
