-- A database at schema revision 0001, written by tests/data/make_schema_dbs.py:
-- a small bank, a loop with a sealed and amended scorecard, an interrupted interview.
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0001');
CREATE TABLE amendments (
	id INTEGER NOT NULL, 
	interview_id INTEGER NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	reason TEXT NOT NULL, 
	changes JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	digest VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_amendments PRIMARY KEY (id), 
	CONSTRAINT fk_amendments_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE
);
INSERT INTO "amendments" VALUES(1,1,'Grace','Typed the second rating on the wrong key','{"annotations": {"1": {"rating": 3}}}','2026-11-23 13:20:00.000000','10371ed177b27cae3bc234f73f931bb63d0a480be9aca1838af3e8371ebb2a69');
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
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_annotations PRIMARY KEY (id), 
	CONSTRAINT fk_annotations_interview_id_interviews FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE, 
	CONSTRAINT fk_annotations_question_id_questions FOREIGN KEY(question_id) REFERENCES questions (id), 
	CONSTRAINT uq_annotations_interview_id UNIQUE (interview_id, question_id)
);
INSERT INTO "annotations" VALUES(1,1,'upg-001',0,3,0,'[0, 1]','Checked the retriever before the prompt — naïve “top-k” first; a<b & c.',600.0,'2026-11-23 11:41:00.000000');
INSERT INTO "annotations" VALUES(2,1,'upg-003',1,2,0,'[0]','Picked 512 tokens without testing.',540.0,'2026-11-23 11:42:00.000000');
INSERT INTO "annotations" VALUES(3,2,'upg-004',0,NULL,0,'[]','',0.0,'2026-11-23 11:43:00.000000');
INSERT INTO "annotations" VALUES(4,2,'upg-002',1,NULL,0,'[]','',0.0,'2026-11-23 11:44:00.000000');
INSERT INTO "annotations" VALUES(5,3,'upg-002',0,3,0,'[0, 1]','Clear on pairwise preferences.',240.0,'2026-11-23 11:45:00.000000');
INSERT INTO "annotations" VALUES(6,3,'upg-004',1,NULL,0,'[]','Started on ROUGE vs human review',72.5,'2026-11-23 11:46:00.000000');
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
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_interviews PRIMARY KEY (id), 
	CONSTRAINT fk_interviews_candidate_id_candidates FOREIGN KEY(candidate_id) REFERENCES candidates (id), 
	CONSTRAINT fk_interviews_loop_id_loops FOREIGN KEY(loop_id) REFERENCES loops (id), 
	CONSTRAINT fk_interviews_set_id_interview_sets FOREIGN KEY(set_id) REFERENCES interview_sets (id)
);
INSERT INTO "interviews" VALUES(1,1,1,1,'Grace','submitted',2,1260.0,'2026-11-23 12:00:00.000000','2026-11-23 12:21:00.000000','yes','Methodical debugging; picked a chunk size without testing it.','2026-11-23 12:21:00.000000','f6337368a53e3f7623500409643632d0b4daa00147ef530cc70203384d3bd5b8','2026-11-23 12:00:00.000000');
INSERT INTO "interviews" VALUES(2,1,2,1,'Sam','planned',0,0.0,NULL,NULL,NULL,'',NULL,NULL,'2026-11-23 11:03:00.000000');
INSERT INTO "interviews" VALUES(3,2,3,NULL,'Grace','in_progress',1,312.5,'2026-11-23 15:00:00.000000',NULL,NULL,'',NULL,NULL,'2026-11-23 15:00:00.000000');
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
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_questions PRIMARY KEY (id)
);
INSERT INTO "questions" VALUES('upg-001','A retrieval-augmented assistant cites the wrong document. How do you find out why?','intermediate','scenario','["Checks what the retriever returned before touching the prompt", "Compares the query embedding with the expected chunk''s", "Builds a small labelled set to measure retrieval recall"]','A model answer to upg-001.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,1,'2026-11-23 10:00:00.000000','2026-11-23 10:30:00.000000');
INSERT INTO "questions" VALUES('upg-002','What is a reward model in RLHF, and how is it trained from human preferences?','intermediate','concept','["Scores a prompt and response pair with a scalar", "Trained on pairwise comparisons with a Bradley-Terry style loss", "Names reward hacking as the main way it goes wrong"]','A model answer to upg-002.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,0,'2026-11-23 10:01:00.000000','2026-11-23 10:01:00.000000');
INSERT INTO "questions" VALUES('upg-003','How do you choose the chunk size when embedding documents for retrieval?','beginner','concept','["Trades context per chunk against retrieval precision", "Tests several sizes against a labelled query set"]','A model answer to upg-003.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,0,'2026-11-23 10:02:00.000000','2026-11-23 10:02:00.000000');
INSERT INTO "questions" VALUES('upg-004','Which offline metrics would you trust to compare two summarisation models, and why?','advanced','concept','["Explains what ROUGE measures and misses", "Adds human or model-graded review for faithfulness", "Checks that the difference is larger than the noise"]','A model answer to upg-004.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',0,0,'2026-11-23 10:03:00.000000','2026-11-23 10:03:00.000000');
INSERT INTO "questions" VALUES('upg-005','Explain the difference between BLEU and ROUGE.','beginner','concept','["BLEU is precision-oriented, ROUGE recall-oriented"]','A model answer to upg-005.','["What would you try next?"]','[]',5,'tests/data/make_schema_dbs.py',1,0,'2026-11-23 10:04:00.000000','2026-11-23 10:04:00.000000');
CREATE TABLE roles (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	default_minutes INTEGER NOT NULL, 
	min_behavioral INTEGER NOT NULL, 
	topic_weights JSON NOT NULL, 
	levels JSON NOT NULL, 
	CONSTRAINT pk_roles PRIMARY KEY (id)
);
INSERT INTO "roles" VALUES('genai-engineer','Generative AI Engineer','Builds products on generative models.',45,1,'{"rag": 3, "evaluation": 2, "rlhf-alignment": 1}','{"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, "mid": {"beginner": 20, "intermediate": 50, "advanced": 30}, "senior": {"beginner": 10, "intermediate": 40, "advanced": 50}}');
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
COMMIT;
