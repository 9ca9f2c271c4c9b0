"""The demo's applicants: varied plain-text CVs, parsed by the normal CV path when seeding,
and where each one stands in which vacancy's pipeline."""

from __future__ import annotations

import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    name: str
    location: str
    headline: str
    roles: tuple[tuple[str, str, str, str, str], ...]   # title, company, start, end, what they did
    skills: str
    education: str
    vacancy: str                 # the demo vacancy's slug
    stage: str
    days_ago: int                # when they applied
    source: str = "careers"
    reason: str | None = None    # why they were rejected or withdrew

    @property
    def email(self) -> str:
        return ".".join(self.name.lower().replace("é", "e").replace("á", "a").split()) + "@example.com"

    def cv(self) -> bytes:
        phone = f"+44 20 7946 {zlib.crc32(self.name.encode()) % 9000 + 1000}"
        lines = [self.name, f"{self.email} | {phone}", self.location, "", "SUMMARY", self.headline, "",
                 "EXPERIENCE"]
        for title, company, start, end, what in self.roles:
            lines += [f"{title} — {company}", f"{start} – {end}", what, ""]
        lines += ["EDUCATION", self.education, "", "SKILLS", self.skills, ""]
        return "\n".join(lines).encode()


GO, DESIGN, PYTHON, SRE = ("senior-go-engineer-payments", "product-designer", "backend-python-engineer",
                           "site-reliability-engineer")

PEOPLE = (
    Person("Amara Okafor", "Lagos, Nigeria", "Senior backend engineer building payment systems in Go",
           (("Senior Backend Engineer", "Paystack", "Jan 2019", "Present",
             "Built card-payment services in Go and PostgreSQL on Kubernetes; led the move to gRPC."),
            ("Software Engineer", "Interswitch", "Jun 2015", "Dec 2018", "Wrote settlement jobs in Go and Java.")),
           "Go, PostgreSQL, Kubernetes, gRPC, Kafka, Docker", "BSc Computer Science, University of Lagos, 2011 – 2015",
           GO, "hired", 28),
    Person("Diego Fernández", "Madrid, Spain", "Go and Kafka engineer for high-volume event systems",
           (("Backend Engineer", "Glovo", "Mar 2020", "Present", "Event pipelines in Go and Apache Kafka."),
            ("Developer", "Indra", "Sep 2016", "Feb 2020", "Java services and PostgreSQL.")),
           "Go, Kafka, Docker, PostgreSQL, Java", "MSc Software Engineering, UPM, 2014 – 2016", GO, "offer", 21),
    Person("Chinedu Eze", "Abuja, Nigeria", "Platform engineer: Kubernetes, Go and observability",
           (("Platform Engineer", "Flutterwave", "Feb 2021", "Present", "Ran Kubernetes clusters; Go operators."),
            ("DevOps Engineer", "Andela", "Jan 2018", "Jan 2021", "Terraform and AWS for client teams.")),
           "Go, Kubernetes, Terraform, AWS, Prometheus", "BEng Electrical Engineering, UNILAG, 2013 – 2017",
           GO, "interview", 14, "referral"),
    Person("Fatima Bello", "Kano, Nigeria", "Backend developer moving from PHP to Go",
           (("Backend Developer", "Konga", "Apr 2021", "Present", "Laravel APIs, MySQL; first Go services."),),
           "PHP, Laravel, MySQL, Go", "BSc Computer Science, Bayero University, 2016 – 2020", GO, "screening", 6),
    Person("Tomasz Nowak", "Warsaw, Poland", "Java engineer in banking",
           (("Senior Java Developer", "mBank", "May 2017", "Present", "Spring Boot services and Oracle."),),
           "Java, Spring Boot, Oracle, Docker", "MSc Computer Science, Warsaw University of Technology, 2012 – 2017",
           GO, "rejected", 18, reason="missing required skills: Go in production"),
    Person("Grace Mwangi", "Nairobi, Kenya", "Go developer for mobile money integrations",
           (("Software Engineer", "Safaricom", "Aug 2019", "Present", "M-Pesa integrations in Go and PostgreSQL."),),
           "Go, PostgreSQL, Redis, REST APIs", "BSc Computer Science, University of Nairobi, 2014 – 2018",
           GO, "withdrawn", 16, reason="accepted another offer"),
    Person("Kwame Mensah", "Accra, Ghana", "Junior engineer learning Go",
           (("Junior Developer", "Hubtel", "Jan 2023", "Present", "Small Go and Python services."),),
           "Go, Python, SQL", "BSc Computer Science, KNUST, 2018 – 2022", GO, "applied", 1),
    Person("Lukas Meyer", "Berlin, Germany", "Product designer for B2B SaaS",
           (("Senior Product Designer", "Personio", "Feb 2019", "Present",
             "Owned the hiring flows; ran user research and a Figma design system."),
            ("UX Designer", "Zalando", "Oct 2015", "Jan 2019", "Checkout redesign, usability testing.")),
           "Figma, User Research, Prototyping, HTML/CSS", "BA Interaction Design, UdK Berlin, 2011 – 2015",
           DESIGN, "interview", 12),
    Person("Sofia Rossi", "Milan, Italy", "UX/UI designer with research background",
           (("UX Designer", "Satispay", "Mar 2020", "Present", "Mobile payment flows in Figma; user interviews."),),
           "Figma, User Research, Sketch", "MA Design, Politecnico di Milano, 2016 – 2019", DESIGN, "screening", 5),
    Person("Hannah Schmidt", "Hamburg, Germany", "Graphic designer moving into product",
           (("Graphic Designer", "Otto Group", "Jun 2018", "Present", "Campaign visuals in Adobe tools."),),
           "Photoshop, Illustrator, InDesign", "BA Communication Design, HAW Hamburg, 2014 – 2018",
           DESIGN, "rejected", 9, reason="portfolio lacks product work"),
    Person("Maya Patel", "London, UK", "Python backend engineer: APIs and data pipelines",
           (("Senior Software Engineer", "Monzo", "Jan 2018", "Present",
             "Python and PostgreSQL services; Django REST APIs; AWS."),
            ("Software Engineer", "Ocado", "Sep 2014", "Dec 2017", "Warehouse APIs in Python.")),
           "Python, Django, PostgreSQL, AWS, Docker", "MEng Computing, Imperial College London, 2010 – 2014",
           PYTHON, "hired", 30, "sourcing"),
    Person("Oliver Brown", "Manchester, UK", "Python developer: Flask and analytics",
           (("Python Developer", "AutoTrader", "Jul 2019", "Present", "Flask services and PostgreSQL reporting."),),
           "Python, Flask, PostgreSQL, Pandas", "BSc Computer Science, University of Manchester, 2015 – 2019",
           PYTHON, "offer", 19),
    Person("Wanjiru Kamau", "Nairobi, Kenya", "Analyst and Python developer",
           (("Data Analyst", "Twiga Foods", "May 2020", "Present", "SQL, Python and Looker dashboards."),),
           "SQL, Python, Looker, dbt", "BSc Statistics, University of Nairobi, 2015 – 2019", PYTHON, "applied", 2),
    Person("Ravi Kumar", "Bangalore, India", "Site reliability engineer",
           (("SRE", "Razorpay", "Jan 2019", "Present", "Kubernetes, Prometheus and on-call for payments."),),
           "Kubernetes, Prometheus, Go, Terraform, Linux", "BTech Computer Science, VIT, 2013 – 2017",
           SRE, "screening", 24),
)

# stage -> the pipeline stages passed through before it, with days spent in each
PATHS = {
    "applied": (),
    "screening": (("screening", 1),),
    "interview": (("screening", 1), ("interview", 3)),
    "offer": (("screening", 1), ("interview", 3), ("offer", 8)),
    "hired": (("screening", 1), ("interview", 3), ("offer", 8), ("hired", 4)),
    "rejected": (("screening", 2), ("rejected", 2)),
    "withdrawn": (("screening", 1), ("interview", 2), ("withdrawn", 3)),
}
