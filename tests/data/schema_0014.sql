-- A database at schema revision 0014, written by tests/data/make_schema_dbs.py:
-- a small bank, a loop with a sealed and amended scorecard, an interrupted interview.
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0014');
CREATE TABLE amendments (
	id INTEGER NOT NULL, 
	interview_id INTEGER NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	reason TEXT NOT NULL, 
	changes JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	digest VARCHAR(64) NOT NULL, seal_content TEXT, seal_signature VARCHAR(100), seal_key VARCHAR(64), previous_digest VARCHAR(64), 
	CONSTRAINT pk_amendments PRIMARY KEY (id), 
	CONSTRAINT fk_amendments_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE
);
INSERT INTO "amendments" VALUES(1,1,'Grace','Typed the second rating on the wrong key','{"annotations": {"1": {"rating": 3}}}','2026-11-23 13:20:00.000000','123462a9a76c4cef2578667a2ba00b52e78965b2e8080e645a4a86182465be55',NULL,NULL,NULL,NULL);
CREATE TABLE annotations (
	id INTEGER NOT NULL, 
	interview_id INTEGER NOT NULL, 
	question_id VARCHAR(100) NOT NULL, 
	position INTEGER NOT NULL, 
	rating INTEGER, 
	skipped BOOLEAN NOT NULL, 
	covered JSON NOT NULL, 
	notes TEXT NOT NULL, 
	seconds_spent FLOAT NOT NULL, 
	updated_at DATETIME NOT NULL, question_snapshot JSON, version INTEGER DEFAULT '0' NOT NULL, 
	CONSTRAINT pk_annotations PRIMARY KEY (id), 
	CONSTRAINT fk_annotations_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE, 
	CONSTRAINT fk_annotations_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id), 
	CONSTRAINT uq_annotations_interview_id UNIQUE (interview_id, question_id)
);
INSERT INTO "annotations" VALUES(1,1,'upg-001',0,3,0,'[0, 1]','Checked the retriever before the prompt — naïve “top-k” first; a<b & c.',600.0,'2026-11-23 11:41:00.000000',NULL,0);
INSERT INTO "annotations" VALUES(2,1,'upg-003',1,2,0,'[0]','Picked 512 tokens without testing.',540.0,'2026-11-23 11:42:00.000000',NULL,0);
INSERT INTO "annotations" VALUES(3,2,'upg-004',0,NULL,0,'[]','',0.0,'2026-11-23 11:43:00.000000',NULL,0);
INSERT INTO "annotations" VALUES(4,2,'upg-002',1,NULL,0,'[]','',0.0,'2026-11-23 11:44:00.000000',NULL,0);
INSERT INTO "annotations" VALUES(5,3,'upg-002',0,3,0,'[0, 1]','Clear on pairwise preferences.',240.0,'2026-11-23 11:45:00.000000',NULL,0);
INSERT INTO "annotations" VALUES(6,3,'upg-004',1,NULL,0,'[]','Started on ROUGE vs human review',72.5,'2026-11-23 11:46:00.000000',NULL,0);
CREATE TABLE app_meta (
	"key" VARCHAR(100) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_app_meta PRIMARY KEY ("key")
);
INSERT INTO "app_meta" VALUES('bundled_bank_fingerprint','9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c');
CREATE TABLE candidates (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role_id VARCHAR(64), 
	notes TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_candidates PRIMARY KEY (id), 
	CONSTRAINT fk_candidates_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id)
);
INSERT INTO "candidates" VALUES(1,'Ada Example','genai-engineer','','2026-11-23 11:00:00.000000');
INSERT INTO "candidates" VALUES(2,'Ben Sample','genai-engineer','Referred by Grace','2026-11-23 11:01:00.000000');
CREATE TABLE card_origins (
	interview_id INTEGER NOT NULL, 
	signed_ids JSON NOT NULL, 
	imported_at DATETIME NOT NULL, 
	CONSTRAINT pk_card_origins PRIMARY KEY (interview_id), 
	CONSTRAINT fk_card_origins_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE
);
CREATE TABLE competencies (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	description TEXT NOT NULL, 
	CONSTRAINT pk_competencies PRIMARY KEY (id)
);
INSERT INTO "competencies" VALUES('retrieval-grounding','Retrieval and grounding','technical','Builds and debugs retrieval-augmented systems.');
INSERT INTO "competencies" VALUES('evaluation-judgment','Evaluation judgment','technical','Decides whether a model or a change is good enough.');
INSERT INTO "competencies" VALUES('model-adaptation','Model adaptation','technical','Adapts models to a task or a preference.');
CREATE TABLE decisions (
	id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	loop_id INTEGER, 
	decision VARCHAR(20) NOT NULL, 
	reason TEXT NOT NULL, 
	decided_by VARCHAR(200) NOT NULL, 
	decided_at DATETIME NOT NULL, 
	composite FLOAT, 
	composite_side VARCHAR(20), 
	scores JSON NOT NULL, 
	digest VARCHAR(64) NOT NULL, 
	signature TEXT, 
	public_key TEXT, 
	CONSTRAINT pk_decisions PRIMARY KEY (id), 
	CONSTRAINT fk_decisions_candidate_id_candidates FOREIGN KEY(candidate_id) REFERENCES candidates (id) ON DELETE CASCADE, 
	CONSTRAINT fk_decisions_loop_id_loops FOREIGN KEY(loop_id) REFERENCES loops (id) ON DELETE SET NULL
);
CREATE TABLE erasures (
	id INTEGER NOT NULL, 
	erased_at DATETIME NOT NULL, 
	erased_by VARCHAR(200) NOT NULL, 
	interviews INTEGER NOT NULL, 
	loops INTEGER NOT NULL, 
	decisions INTEGER NOT NULL, 
	CONSTRAINT pk_erasures PRIMARY KEY (id)
);
INSERT INTO "erasures" VALUES(1,'2026-11-23 16:40:00.000000','Grace',2,1,0);
CREATE TABLE exchange_keys (
	"key" VARCHAR(64) NOT NULL, 
	candidate_id INTEGER, 
	loop_id INTEGER, 
	set_id INTEGER, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_exchange_keys PRIMARY KEY ("key"), 
	CONSTRAINT fk_exchange_keys_candidate_id_candidates FOREIGN KEY(candidate_id) REFERENCES candidates (id) ON DELETE CASCADE, 
	CONSTRAINT fk_exchange_keys_loop_id_loops FOREIGN KEY(loop_id) REFERENCES loops (id) ON DELETE CASCADE, 
	CONSTRAINT fk_exchange_keys_set_id_interview_sets FOREIGN KEY(set_id) REFERENCES interview_sets (id) ON DELETE CASCADE
);
CREATE TABLE interview_leases (
	interview_id INTEGER NOT NULL, 
	token VARCHAR(32) NOT NULL, 
	owner VARCHAR(200) NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	pid INTEGER NOT NULL, 
	since DATETIME NOT NULL, 
	heartbeat_at DATETIME NOT NULL, 
	CONSTRAINT pk_interview_leases PRIMARY KEY (interview_id), 
	CONSTRAINT fk_interview_leases_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE
);
INSERT INTO "interview_leases" VALUES(3,'5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e','Grace','grace-laptop',4242,'2026-11-23 15:00:00.000000','2026-11-23 15:30:00.000000');
CREATE TABLE interview_sets (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role_id VARCHAR(64), 
	level VARCHAR(20), 
	params JSON NOT NULL, 
	focus VARCHAR(200) NOT NULL, 
	loop_id INTEGER, 
	loop_position INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_interview_sets PRIMARY KEY (id), 
	CONSTRAINT fk_interview_sets_loop_id_loops FOREIGN KEY(loop_id) REFERENCES loops (id) ON DELETE CASCADE, 
	CONSTRAINT fk_interview_sets_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id), 
	CONSTRAINT uq_interview_sets_name UNIQUE (name)
);
INSERT INTO "interview_sets" VALUES(1,'Ada loop · 1 (retrieval)','genai-engineer','mid','{"count": 2, "seed": 7}','rag',1,0,'2026-11-23 11:02:00.000000','2026-11-23 11:02:00.000000');
INSERT INTO "interview_sets" VALUES(2,'Ada loop · 2 (evaluation)','genai-engineer','mid','{"count": 2, "seed": 7}','evaluation',1,1,'2026-11-23 11:02:00.000000','2026-11-23 11:02:00.000000');
INSERT INTO "interview_sets" VALUES(3,'RLHF screen','genai-engineer','mid','{"count": 2, "seed": 7}','',NULL,0,'2026-11-23 11:02:00.000000','2026-11-23 11:02:00.000000');
CREATE TABLE interviews (
	id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	set_id INTEGER NOT NULL, 
	loop_id INTEGER, 
	interviewer VARCHAR(200) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	current_position INTEGER NOT NULL, 
	elapsed_seconds FLOAT NOT NULL, 
	started_at DATETIME, 
	ended_at DATETIME, 
	recommendation VARCHAR(20), 
	summary TEXT NOT NULL, 
	submitted_at DATETIME, 
	digest VARCHAR(64), 
	updated_at DATETIME NOT NULL, clock_paused BOOLEAN DEFAULT 0 NOT NULL, seal_content TEXT, seal_signature VARCHAR(100), seal_key VARCHAR(64), competency_notes JSON DEFAULT '{}' NOT NULL, rating_scale VARCHAR(20) DEFAULT 'anchored' NOT NULL, 
	CONSTRAINT pk_interviews PRIMARY KEY (id), 
	CONSTRAINT fk_interviews_candidate_id_candidates FOREIGN KEY(candidate_id) REFERENCES candidates (id), 
	CONSTRAINT fk_interviews_loop_id_loops FOREIGN KEY(loop_id) REFERENCES loops (id), 
	CONSTRAINT fk_interviews_set_id_interview_sets FOREIGN KEY(set_id) REFERENCES interview_sets (id)
);
INSERT INTO "interviews" VALUES(1,1,1,1,'Grace','submitted',2,1260.0,'2026-11-23 12:00:00.000000','2026-11-23 12:21:00.000000','yes','Methodical debugging; picked a chunk size without testing it.','2026-11-23 12:21:00.000000','b0ac499b317ce23490e19a3614901e653160f08557be4751c5b0c14dc4b4b240','2026-11-23 12:00:00.000000',0,NULL,NULL,NULL,'{"retrieval-grounding": "Looked at what the retriever returned first."}','anchored');
INSERT INTO "interviews" VALUES(2,1,2,1,'Sam','planned',0,0.0,NULL,NULL,NULL,'',NULL,NULL,'2026-11-23 11:03:00.000000',0,NULL,NULL,NULL,'{}','anchored');
INSERT INTO "interviews" VALUES(3,2,3,NULL,'Grace','in_progress',1,312.5,'2026-11-23 15:00:00.000000',NULL,NULL,'',NULL,NULL,'2026-11-23 15:00:00.000000',1,NULL,NULL,NULL,'{}','anchored');
CREATE TABLE loops (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	level VARCHAR(20) NOT NULL, 
	candidate_id INTEGER, 
	params JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	debrief_override_at DATETIME, 
	debrief_override_by VARCHAR(200), 
	debrief_override_reason TEXT, 
	CONSTRAINT pk_loops PRIMARY KEY (id), 
	CONSTRAINT fk_loops_candidate_id_candidates FOREIGN KEY(candidate_id) REFERENCES candidates (id), 
	CONSTRAINT fk_loops_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id), 
	CONSTRAINT uq_loops_name UNIQUE (name)
);
INSERT INTO "loops" VALUES(1,'Ada loop','genai-engineer','mid',1,'{"interviewers": 2, "count": 2, "seed": 7}','2026-11-23 11:02:00.000000',NULL,NULL,NULL);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql)VALUES('table','question_fts','question_fts',0,'CREATE VIRTUAL TABLE question_fts USING fts5(
    prompt, rubric, answer, follow_ups, topics, roles, facets,
    content=''question_fts_source'',
    content_rowid=''question_rowid'',
    tokenize=''porter unicode61 remove_diacritics 2'',
    prefix=''1 2''
)');
CREATE TABLE question_fts_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, question_id VARCHAR(100));
INSERT INTO "question_fts_changes" VALUES(1,'upg-001');
INSERT INTO "question_fts_changes" VALUES(2,'upg-001');
INSERT INTO "question_fts_changes" VALUES(3,'upg-001');
INSERT INTO "question_fts_changes" VALUES(4,'upg-001');
INSERT INTO "question_fts_changes" VALUES(5,'upg-002');
INSERT INTO "question_fts_changes" VALUES(6,'upg-002');
INSERT INTO "question_fts_changes" VALUES(7,'upg-002');
INSERT INTO "question_fts_changes" VALUES(8,'upg-003');
INSERT INTO "question_fts_changes" VALUES(9,'upg-003');
INSERT INTO "question_fts_changes" VALUES(10,'upg-003');
INSERT INTO "question_fts_changes" VALUES(11,'upg-004');
INSERT INTO "question_fts_changes" VALUES(12,'upg-004');
INSERT INTO "question_fts_changes" VALUES(13,'upg-004');
INSERT INTO "question_fts_changes" VALUES(14,'upg-005');
INSERT INTO "question_fts_changes" VALUES(15,'upg-005');
INSERT INTO "question_fts_changes" VALUES(16,'upg-005');
CREATE TABLE 'question_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO "question_fts_config" VALUES('automerge',4);
INSERT INTO "question_fts_config" VALUES('crisismerge',16);
INSERT INTO "question_fts_config" VALUES('version',4);
CREATE TABLE 'question_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO "question_fts_data" VALUES(1,X'053D651E1913191A');
INSERT INTO "question_fts_data" VALUES(10,X'0000000402011000000001110102');
INSERT INTO "question_fts_data" VALUES(2336462209025,X'00000EF8043030303101060102070301320206010207030133030601020703013404060102070301350506010207010161010E020101150102020112040101030809010202010C01010D0102020106010202010601020202026464040601010802066761696E73740308010106080201690106010505010601050501060105050106010505010601050502046C69676E02080104030502026E640106010404010E09010105010405010601040401080D010106010207030473776572010601020401060102040106010204010601020401060102040201730206010118030473697374010205020675676D656E7401020401056265666F7201060101070305747765656E05020502036C657505080601010202067261646C65690206010111020475696C6401060101140105636865636B0106010102030601011003036F6F730302050303756E6B0106010112020807010105020369746501020602056F6D706172010601010B030209070469736F6E020601010E03056E7465787403060101030106646966666572040601011301020402016F01020B020203030663756D656E7401020902020B0105656D626564010601010E02020A02046E67696E010801050305010801050305010801050305010801050305010801050305020476616C7501080104060303080104020301080104020302057870656374010601011104046C61696E040601010201020201056661697468040601010F0203696E6401020D02026F7203020C010601010E0203726F6D02020E010567656E616901060105020106010502010601050201060105020106010502040265720106010504010601050401060105040106010504010601050402026F65020601011D020472616465040601010C01046861636B020601011702026F7701020A01020A0102020204756D616E02020F02060101090102696E0202070201730204030A0206010114010601010302017402080C01011C01056C6162656C0106010117020601010E030472676572040601011502036F7373020601011401046D61696E020601011A02056561737572010601011A03060101050304747269630402040203697373040601010702046F64656C01060102030108060102030106010203010E0C01010B010203010601020301046E616D65020601011502036578740106010306010601030601060103060106010306010601030602036F6973040601011801066F66666C696E04020302016E020601010C020172040601010A030469656E740508010105050202757401020E01047061697202060101070503776973020601010D0202657203060101040205726563697303060101080206010104040366657202021003046F6D7074010601010A010601010401057175657269010601010D020601010F010372616701080104020302080104020302046563616C010601011C0406010107030573706F6E7302060101060305747269657601100301010518010405020E0D010107010405040375726E0106010106030476696577040601010D03047761726402080501011602036C6866020A080104020402036F756704060101040108080101060101730106010113020563616C6172020601010A03036F7265020601010202026574010601011802060101100303766572030601010A0203697A6503080801010B02046D616C6C0106010116020474796C6502060101130207756D6D6172697304020B010574657272690206010112030273740306010109020368616E04060101160401740406010111030165010E07010104070506010601011901020601080101120701020302016F010C0101190102050106010205010601020501080801020501060102050303756368010601010802047261646503060101020402696E02080D01010B0303757374040207030179010601030501060103050106010305010601030501060103050202776F04020A0103757067010601020601060102060106010206010601020601060102060103776169020601011B0203686174010C0101030103020108020103020106010302010C01010301030201060103020302656E030209030369636804020203017901020F03020E0203697468010601010F01080101080902046F756C6401060103030106010303010601030301080501030301060103030204726F6E67010208010601011E0103796F7501080C010304010601030401080401030401080601030401060103040108EE808061637469760106010604010601060401060106040106010604041164363136343736363136653633363536340406010602060F323635363736393665366536353732030601060202060106020617393665373436353732366436353634363936313734363501060106020106010602040F6B363336663665363336353730373402060106030106010603010601060301060106030510373336333635366536313732363936660106010603041D7236373635366536313639326436353665363736393665363536353732010601060701060106060106010606010601060601060106060504657469720506010604041574363537363631366337353631373436393666366501060106050306010605010601060505063732363136370106010606020601060508196336383636326436313663363936373665366436353665373402060106050002313001060102070106010207010601020701060102070106010207010161012002040301011501020204010404010505012A04070101030406090A010202040104030403010505011E01010608030102020401040401050501180D01010604010202040105050110070102020401050501016201080101070F0106010111030A0503010102010163010C060101020B09010601010E010C050401010304010809010110010164010409040204030A0106010113010204010165011801010E050104060301050305010801050305010A0A0105030501160101020104020301050305011202010402030105030501016601020D01020E01020C010801010E03010167010801050204010E01011D01050204010801050204010E01010C0105020401080105020401016801020A010A0A070101170102020106010109010169020E0306060301011C0206010114010601010301016C01060101170106010114010601010E010601011501016D010C01011A010203010E0601011A01020301060102030114040A0101050406010203010601020301016E0106010306010C0101150103060106010306010C010118010306010601030601016F01020E010601010C02080301010A010801010505010170010601010A010C1001010405080108010104060206010104010171010601010D020601010F010172011803010105031703010402030401140505010106120104020401120D010107010402030401080101040B010A0801010603010173010A0101130504010A0101020A0B010C0801010A030701020B010174011E07010104060305060B01020501030501180D01010B090901020501030501160601010209010205010305011E070304010111030603010205010305010E0301020501030501017501060102060106010206010601020601060102060106010206010177011408090101030E01030203011602010108090E0501030203010A0901030203011402050B0101030103020301080103020301017901080C010304010601030401080401030401080601030401060103040103EE808001100106020303030303010E01060203030303010E01060203030303010E01060203030303010E010602030303030003323030010601020701060102070106010207010601020701060102070102616404060101080201670308010106080201690106010505010601050501060105050106010505010601050502016C02080104030502016E010C010204010404011409010105010204010405010C010204010404010E0D010106010204010807010204020173010205010601011802017501020401026265010601010704020502016C0508060101020201720206010111020175010601011401026368010801010212020A0504010105010601011002016901020602016F010601010B010601010E010601010301020901026469040601011301020402016F010409040204030A0102656D010601010E02020A02016E0108010503050108010503050108010503050108010503050108010503050201760108010406030308010402030108010402030201780106010111030601010201020201026661040601010F02016901020D02016F03020C010601010E02017202020E0102676501080105020401080105020401080105020401080105020401080105020402016F020601011D020172040601010C01026861020601011702016F01020A01020A01020202017502020F02060101090102696E0202070201730204030A0206010114010601010302017402080C01011C01026C610106010117020601010E010601011502016F020601011401026D61020601011A020165010601011A030804010105020169040601010702016F01060102030108060102030106010203010E0C01010B010203010601020301026E6102060101150201650106010306010601030601060103060106010306010601030602016F040601011801026F6604020302016E020601010C020172040601010A01080101050502017501020E010270610208010107080201650306010104020172010601010A0108100101040106010108020601010401027175010601010D020601010F01027261010801040203020801040203020165011403010105031703010405010A0501010612010E0D010107010405010601010D010601010702016C020A080104020402016F04060101040108080101060102736302080101020A0201650106010118020801010A0802016903080801010B02016D0106010116020174020601011302017504020B0102746502060101120106010109020168010E070101040705060106010119010206010C01011103060301020302016F010E010108130102050106010205010601020501080801020501060102050201720106010305010E0D01010B010305010C010102010305010807010305010601030502017704020A010275700106010206010601020601060102060106010206010601020601027761020601011B020168010E0F0101030103020108020103020108090103020110020E0101030103020106010302020169010601010F010801010809040A0808080829090E1C0C201F08090B0C0A0B0D0B110810080F0B0C10090E0F24180C0E0C080C08201D090B0B0D0E071109110B0A0B11090A240B1E0A0B08080C070B0A091108101111100C1A0A0B0C0C10080C0A0E0A0B0B0B0C0C090A081D200A0B0A081C071E0A2507080910200E211E181B232517380B2612201D55151E133612271516172A22171B0D351C491C351F331E09091C092E0B060C0908081606150C0B0C21151009060B06220808090C0B0711091308090E0821091C0807080E060A08180E10290A0E0A0E090808060E1F2124061D0927');
INSERT INTO "question_fts_data" VALUES(2336462209026,X'000000D90332776F0106010303010601030301060103030108050103030106010303020172010208010601011E0102796F01080C010304010601030401080401030401080601030401060103040104EE80806101060106040106010604010601060401060106040401640106010602010601060201060106020106010602010601060204016B0106010603010601060301060106030106010603010601060304017201060106070106010606010601060601060106060108010604040401740108010605030106010605010601060501060106050106010605041E0B201A1C1C1D');
CREATE TABLE 'question_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO "question_fts_docsize" VALUES(1,X'0E1B0605060506');
INSERT INTO "question_fts_docsize" VALUES(2,X'0F1D0605050505');
INSERT INTO "question_fts_docsize" VALUES(3,X'0C0F0605040505');
INSERT INTO "question_fts_docsize" VALUES(4,X'0D170605020505');
INSERT INTO "question_fts_docsize" VALUES(5,X'07070605020505');
CREATE TABLE question_fts_identity (id INTEGER PRIMARY KEY CHECK (id = 1), identity VARCHAR(64) NOT NULL);
INSERT INTO "question_fts_identity" VALUES(1,'3ae51625afac79610aef5486ab735aaf');
CREATE TABLE 'question_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO "question_fts_idx" VALUES(17,X'',2);
INSERT INTO "question_fts_idx" VALUES(17,X'32776F',4);
CREATE TABLE question_roles (
	question_id VARCHAR(100) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_question_roles PRIMARY KEY (question_id, role_id), 
	CONSTRAINT fk_question_roles_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_question_roles_role_id_roles FOREIGN KEY(role_id) REFERENCES roles (id)
);
INSERT INTO "question_roles" VALUES('upg-001','genai-engineer');
INSERT INTO "question_roles" VALUES('upg-002','genai-engineer');
INSERT INTO "question_roles" VALUES('upg-003','genai-engineer');
INSERT INTO "question_roles" VALUES('upg-004','genai-engineer');
INSERT INTO "question_roles" VALUES('upg-005','genai-engineer');
CREATE TABLE question_topics (
	question_id VARCHAR(100) NOT NULL, 
	topic_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_question_topics PRIMARY KEY (question_id, topic_id), 
	CONSTRAINT fk_question_topics_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_question_topics_topic_id_topics FOREIGN KEY(topic_id) REFERENCES topics (id)
);
INSERT INTO "question_topics" VALUES('upg-001','rag',0);
INSERT INTO "question_topics" VALUES('upg-001','evaluation',1);
INSERT INTO "question_topics" VALUES('upg-002','rlhf-alignment',0);
INSERT INTO "question_topics" VALUES('upg-003','rag',0);
INSERT INTO "question_topics" VALUES('upg-004','evaluation',0);
INSERT INTO "question_topics" VALUES('upg-005','evaluation',0);
CREATE TABLE questions (
	id VARCHAR(100) NOT NULL, 
	prompt TEXT NOT NULL, 
	difficulty VARCHAR(20) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	rubric JSON NOT NULL, 
	answer TEXT, 
	follow_ups JSON NOT NULL, 
	related JSON NOT NULL, 
	minutes INTEGER NOT NULL, 
	source TEXT NOT NULL, 
	retired BOOLEAN NOT NULL, 
	user_edited BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, competencies JSON DEFAULT '[]' NOT NULL, anchors JSON DEFAULT '[]' NOT NULL, red_flags JSON DEFAULT '[]' NOT NULL, 
	CONSTRAINT pk_questions PRIMARY KEY (id)
);
INSERT INTO "questions" VALUES('upg-001','A retrieval-augmented assistant cites the wrong document. How do you find out why?','intermediate','scenario','["Checks what the retriever returned before touching the prompt", "Compares the query embedding with the expected chunk''s", "Builds a small labelled set to measure retrieval recall"]','A model answer to upg-001.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,1,'2026-11-23 10:00:00.000000','2026-11-23 10:30:00.000000','["retrieval-grounding"]','["1: what a 1 answer to upg-001 looks like", "2: what a 2 answer to upg-001 looks like", "3: what a 3 answer to upg-001 looks like", "4: what a 4 answer to upg-001 looks like"]','["Blames the model without looking at the data"]');
INSERT INTO "questions" VALUES('upg-002','What is a reward model in RLHF, and how is it trained from human preferences?','intermediate','concept','["Scores a prompt and response pair with a scalar", "Trained on pairwise comparisons with a Bradley-Terry style loss", "Names reward hacking as the main way it goes wrong"]','A model answer to upg-002.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,0,'2026-11-23 10:01:00.000000','2026-11-23 10:01:00.000000','["model-adaptation"]','["1: what a 1 answer to upg-002 looks like", "2: what a 2 answer to upg-002 looks like", "3: what a 3 answer to upg-002 looks like", "4: what a 4 answer to upg-002 looks like"]','["Blames the model without looking at the data"]');
INSERT INTO "questions" VALUES('upg-003','How do you choose the chunk size when embedding documents for retrieval?','beginner','concept','["Trades context per chunk against retrieval precision", "Tests several sizes against a labelled query set"]','A model answer to upg-003.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,0,'2026-11-23 10:02:00.000000','2026-11-23 10:02:00.000000','["retrieval-grounding"]','["1: what a 1 answer to upg-003 looks like", "2: what a 2 answer to upg-003 looks like", "3: what a 3 answer to upg-003 looks like", "4: what a 4 answer to upg-003 looks like"]','["Blames the model without looking at the data"]');
INSERT INTO "questions" VALUES('upg-004','Which offline metrics would you trust to compare two summarisation models, and why?','advanced','concept','["Explains what ROUGE measures and misses", "Adds human or model-graded review for faithfulness", "Checks that the difference is larger than the noise"]','A model answer to upg-004.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,0,'2026-11-23 10:03:00.000000','2026-11-23 10:03:00.000000','["evaluation-judgment"]','["1: what a 1 answer to upg-004 looks like", "2: what a 2 answer to upg-004 looks like", "3: what a 3 answer to upg-004 looks like", "4: what a 4 answer to upg-004 looks like"]','["Blames the model without looking at the data"]');
INSERT INTO "questions" VALUES('upg-005','Explain the difference between BLEU and ROUGE.','beginner','concept','["BLEU is precision-oriented, ROUGE recall-oriented"]','A model answer to upg-005.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',1,0,'2026-11-23 10:04:00.000000','2026-11-23 10:04:00.000000','["evaluation-judgment"]','["1: what a 1 answer to upg-005 looks like", "2: what a 2 answer to upg-005 looks like", "3: what a 3 answer to upg-005 looks like", "4: what a 4 answer to upg-005 looks like"]','["Blames the model without looking at the data"]');
CREATE TABLE roles (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	default_minutes INTEGER NOT NULL, 
	min_behavioral INTEGER NOT NULL, 
	topic_weights JSON NOT NULL, 
	levels JSON NOT NULL, competencies JSON DEFAULT '{}' NOT NULL, 
	CONSTRAINT pk_roles PRIMARY KEY (id)
);
INSERT INTO "roles" VALUES('genai-engineer','Generative AI Engineer','Builds products on generative models.',45,1,'{"rag": 3, "evaluation": 2, "rlhf-alignment": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 20, "intermediate": 50, "advanced": 30}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}','{"retrieval-grounding": 3, "evaluation-judgment": 2, "model-adaptation": 1}');
CREATE TABLE set_items (
	id INTEGER NOT NULL, 
	set_id INTEGER NOT NULL, 
	question_id VARCHAR(100) NOT NULL, 
	position INTEGER NOT NULL, 
	pinned BOOLEAN NOT NULL, 
	CONSTRAINT pk_set_items PRIMARY KEY (id), 
	CONSTRAINT fk_set_items_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id), 
	CONSTRAINT fk_set_items_set_id_interview_sets FOREIGN KEY(set_id) REFERENCES interview_sets (id) ON DELETE CASCADE, 
	CONSTRAINT uq_set_items_set_id UNIQUE (set_id, question_id)
);
INSERT INTO "set_items" VALUES(1,1,'upg-001',0,1);
INSERT INTO "set_items" VALUES(2,1,'upg-003',1,0);
INSERT INTO "set_items" VALUES(3,2,'upg-004',0,1);
INSERT INTO "set_items" VALUES(4,2,'upg-002',1,0);
INSERT INTO "set_items" VALUES(5,3,'upg-002',0,1);
INSERT INTO "set_items" VALUES(6,3,'upg-004',1,0);
CREATE TABLE topics (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	CONSTRAINT pk_topics PRIMARY KEY (id)
);
INSERT INTO "topics" VALUES('rag','RAG and retrieval','Retrieval-augmented generation, embeddings, vector databases, grounding.');
INSERT INTO "topics" VALUES('evaluation','Evaluation','Metrics, human evaluation, quality checks.');
INSERT INTO "topics" VALUES('rlhf-alignment','RLHF and alignment','Reward models, RLHF, DPO and other preference methods, model alignment.');
CREATE INDEX ix_questions_difficulty ON questions (difficulty);
CREATE INDEX ix_questions_kind ON questions (kind);
CREATE INDEX ix_questions_retired ON questions (retired);
CREATE INDEX ix_question_roles_role_id ON question_roles (role_id);
CREATE INDEX ix_question_topics_topic_id ON question_topics (topic_id);
CREATE INDEX ix_interviews_candidate_id ON interviews (candidate_id);
CREATE INDEX ix_interviews_status ON interviews (status);
CREATE INDEX ix_set_items_question_id ON set_items (question_id);
CREATE INDEX ix_decisions_candidate_id ON decisions (candidate_id);
CREATE VIEW question_fts_source AS
SELECT
    q.rowid AS question_rowid,
    q.prompt AS prompt,
    CASE WHEN json_valid(q.rubric) THEN rtrim(coalesce(json_extract(q.rubric, '$[0]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[1]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[2]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[3]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[4]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[5]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[6]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[7]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[8]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[9]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[10]'), '') || char(10) || coalesce(json_extract(q.rubric, '$[11]'), ''), char(10)) ELSE q.rubric END AS rubric,
    coalesce(q.answer, '') AS answer,
    CASE WHEN json_valid(q.follow_ups) THEN rtrim(coalesce(json_extract(q.follow_ups, '$[0]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[1]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[2]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[3]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[4]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[5]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[6]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[7]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[8]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[9]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[10]'), '') || char(10) || coalesce(json_extract(q.follow_ups, '$[11]'), ''), char(10)) ELSE q.follow_ups END AS follow_ups,
    (SELECT group_concat(label, char(10)) FROM (
        SELECT qt.topic_id || ' ' || coalesce(t.name, '') AS label
        FROM question_topics qt LEFT JOIN topics t ON t.id = qt.topic_id
        WHERE qt.question_id = q.id ORDER BY qt.position, qt.topic_id)) AS topics,
    (SELECT group_concat(label, char(10)) FROM (
        SELECT qr.role_id || ' ' || coalesce(r.name, '') AS label
        FROM question_roles qr LEFT JOIN roles r ON r.id = qr.role_id
        WHERE qr.question_id = q.id ORDER BY qr.role_id)) AS roles,
    char(57344) || 'd' || lower(hex(q.difficulty)) || ' ' || char(57344) || 'k' || lower(hex(q.kind))
        || ' ' || char(57344) || CASE WHEN q.retired THEN 'retired' ELSE 'active' END
        || coalesce(' ' || (SELECT group_concat(token, ' ') FROM (
               SELECT char(57344) || 't' || lower(hex(topic_id)) AS token FROM question_topics
               WHERE question_id = q.id ORDER BY topic_id)), '')
        || coalesce(' ' || (SELECT group_concat(token, ' ') FROM (
               SELECT char(57344) || 'r' || lower(hex(role_id)) AS token FROM question_roles
               WHERE question_id = q.id ORDER BY role_id)), '') AS facets
FROM questions q;
CREATE TRIGGER question_fts_q_ai AFTER INSERT ON questions BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT new.rowid); END;
CREATE TRIGGER question_fts_q_bd BEFORE DELETE ON questions BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT old.rowid); END;
CREATE TRIGGER question_fts_q_bu BEFORE UPDATE OF id, prompt, rubric, answer, follow_ups, difficulty, kind, retired ON questions BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT old.rowid); END;
CREATE TRIGGER question_fts_q_au AFTER UPDATE OF id, prompt, rubric, answer, follow_ups, difficulty, kind, retired ON questions BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT new.rowid); END;
CREATE TRIGGER question_fts_qt_bi BEFORE INSERT ON question_topics BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (new.question_id)); END;
CREATE TRIGGER question_fts_qt_ai AFTER INSERT ON question_topics BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (new.question_id)); END;
CREATE TRIGGER question_fts_qt_bd BEFORE DELETE ON question_topics BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id)); END;
CREATE TRIGGER question_fts_qt_ad AFTER DELETE ON question_topics BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id)); END;
CREATE TRIGGER question_fts_qt_bu BEFORE UPDATE ON question_topics BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id, new.question_id)); END;
CREATE TRIGGER question_fts_qt_au AFTER UPDATE ON question_topics BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id, new.question_id)); END;
CREATE TRIGGER question_fts_qr_bi BEFORE INSERT ON question_roles BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (new.question_id)); END;
CREATE TRIGGER question_fts_qr_ai AFTER INSERT ON question_roles BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (new.question_id)); END;
CREATE TRIGGER question_fts_qr_bd BEFORE DELETE ON question_roles BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id)); END;
CREATE TRIGGER question_fts_qr_ad AFTER DELETE ON question_roles BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id)); END;
CREATE TRIGGER question_fts_qr_bu BEFORE UPDATE ON question_roles BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id, new.question_id)); END;
CREATE TRIGGER question_fts_qr_au AFTER UPDATE ON question_roles BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT rowid FROM questions WHERE id IN (old.question_id, new.question_id)); END;
CREATE TRIGGER question_fts_topics_bu BEFORE UPDATE OF name ON topics BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT q.rowid FROM questions q JOIN question_topics l ON l.question_id = q.id WHERE l.topic_id = old.id); END;
CREATE TRIGGER question_fts_topics_au AFTER UPDATE OF name ON topics BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT q.rowid FROM questions q JOIN question_topics l ON l.question_id = q.id WHERE l.topic_id = old.id); END;
CREATE TRIGGER question_fts_roles_bu BEFORE UPDATE OF name ON roles BEGIN INSERT INTO question_fts(question_fts, rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT 'delete', question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT q.rowid FROM questions q JOIN question_roles l ON l.question_id = q.id WHERE l.role_id = old.id); END;
CREATE TRIGGER question_fts_roles_au AFTER UPDATE OF name ON roles BEGIN INSERT INTO question_fts(rowid, prompt, rubric, answer, follow_ups, topics, roles, facets) SELECT question_rowid, prompt, rubric, answer, follow_ups, topics, roles, facets FROM question_fts_source WHERE question_rowid IN (SELECT q.rowid FROM questions q JOIN question_roles l ON l.question_id = q.id WHERE l.role_id = old.id); END;
CREATE INDEX ix_exchange_keys_candidate_id ON exchange_keys (candidate_id);
CREATE INDEX ix_exchange_keys_loop_id ON exchange_keys (loop_id);
CREATE INDEX ix_exchange_keys_set_id ON exchange_keys (set_id);
CREATE TRIGGER question_fts_changes_q_ai AFTER INSERT ON questions BEGIN INSERT INTO question_fts_changes (question_id) VALUES (new.id); END;
CREATE TRIGGER question_fts_changes_q_ad AFTER DELETE ON questions BEGIN INSERT INTO question_fts_changes (question_id) VALUES (old.id); END;
CREATE TRIGGER question_fts_changes_q_au AFTER UPDATE OF id, prompt, rubric, answer, follow_ups, difficulty, kind, retired ON questions BEGIN INSERT INTO question_fts_changes (question_id) SELECT old.id WHERE old.id <> new.id; INSERT INTO question_fts_changes (question_id) VALUES (new.id); END;
CREATE TRIGGER question_fts_changes_qt_ai AFTER INSERT ON question_topics BEGIN INSERT INTO question_fts_changes (question_id) VALUES (new.question_id); END;
CREATE TRIGGER question_fts_changes_qt_ad AFTER DELETE ON question_topics BEGIN INSERT INTO question_fts_changes (question_id) VALUES (old.question_id); END;
CREATE TRIGGER question_fts_changes_qt_au AFTER UPDATE ON question_topics BEGIN INSERT INTO question_fts_changes (question_id) SELECT old.question_id WHERE old.question_id <> new.question_id; INSERT INTO question_fts_changes (question_id) VALUES (new.question_id); END;
CREATE TRIGGER question_fts_changes_qr_ai AFTER INSERT ON question_roles BEGIN INSERT INTO question_fts_changes (question_id) VALUES (new.question_id); END;
CREATE TRIGGER question_fts_changes_qr_ad AFTER DELETE ON question_roles BEGIN INSERT INTO question_fts_changes (question_id) VALUES (old.question_id); END;
CREATE TRIGGER question_fts_changes_qr_au AFTER UPDATE ON question_roles BEGIN INSERT INTO question_fts_changes (question_id) SELECT old.question_id WHERE old.question_id <> new.question_id; INSERT INTO question_fts_changes (question_id) VALUES (new.question_id); END;
CREATE TRIGGER question_fts_changes_topics_au AFTER UPDATE OF name ON topics BEGIN INSERT INTO question_fts_changes (question_id) SELECT question_id FROM question_topics WHERE topic_id = new.id; END;
CREATE TRIGGER question_fts_changes_roles_au AFTER UPDATE OF name ON roles BEGIN INSERT INTO question_fts_changes (question_id) SELECT question_id FROM question_roles WHERE role_id = new.id; END;
PRAGMA writable_schema=OFF;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('question_fts_changes',16);
COMMIT;
